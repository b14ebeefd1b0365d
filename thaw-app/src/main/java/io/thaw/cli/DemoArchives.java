package io.thaw.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo vault's content: a few archives of varied sizes whose descriptions use the formats real
 * backup tools wrote (FastGlacier, CloudBerry, mt-aws-glacier, a plain path, none at all), so the demo
 * shows thaw recovering names and modification times.
 */
final class DemoArchives {

    /** One demo archive: its bytes are generated from the seed, so they can be compared afterwards. */
    record Sample(String file, long size, String description, String expectedName) {
    }

    static List<Sample> samples() {
        String fgPath = Base64.getEncoder().encodeToString("Fotos/Überblick 2019.jpg".getBytes(StandardCharsets.UTF_8));
        String mt2 = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"filename\":\"backups/db-2014-08-01.sql.gz\",\"mtime\":\"20140801T101500Z\"}"
                        .getBytes(StandardCharsets.UTF_8));
        return List.of(
                new Sample("readme.bin", 1_000, "notes/readme.txt", "notes/readme.txt"),
                new Sample("photo.bin", 3L * (1 << 20) + 17,
                        "<m><v>4</v><p>" + fgPath + "</p><lm>20190704T120000Z</lm></m>", "Fotos/Überblick 2019.jpg"),
                new Sample("video.bin", 40L * (1 << 20) + 123,
                        "{\"Path\":\"videos/holiday.mp4\",\"UTCDateModified\":\"20200102T030405Z\"}", "videos/holiday.mp4"),
                new Sample("db.bin", 9L * (1 << 20), "mt2 " + mt2, "backups/db-2014-08-01.sql.gz"),
                new Sample("mystery.bin", 2_048, "", null));
    }

    /** Writes {@code size} deterministic pseudo-random bytes and returns their SHA-256 (hex). */
    static String generate(Path file, long size, long seed) throws IOException {
        MessageDigest md = io.thaw.glacier.TreeHash.sha256();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buf.length, left);
                for (int i = 0; i < n; i += 8) {
                    long v = r.nextLong();
                    for (int k = 0; k < 8 && i + k < n; k++) {
                        buf[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = io.thaw.glacier.TreeHash.sha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private DemoArchives() {
    }
}
