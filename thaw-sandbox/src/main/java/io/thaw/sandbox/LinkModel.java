package io.thaw.sandbox;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distant service seen over loopback ({@code thaw sandbox --link rate=40MiB/s,rtt=40ms}): each response
 * waits one added round trip before its first byte, and its body flows at most {@code rate} bytes per
 * second. An HTTP/1.1 connection carries one response at a time, so the cap is per TCP connection, as
 * on a long link where one connection's throughput is bounded by its window and round trip. It acts on
 * the server's side, so every client (thaw, the AWS CLI, curl) meets the same link.
 *
 * @param bytesPerSecond cap per connection; 0 = none
 * @param rtt            added before the first byte of each response
 */
public record LinkModel(long bytesPerSecond, Duration rtt) {

    public static final LinkModel NONE = new LinkModel(0, Duration.ZERO);

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KiB|MB|MiB|GB|GiB)/s",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("(\\d+)\\s*(ms|s)");
    /** Pacing slice: small enough that a 40 MiB/s stream is smooth at millisecond scale. */
    private static final int SLICE = 16 * 1024;

    /** {@code rate=40MiB/s,rtt=40ms} (either part may be left out); null or blank = no link model. */
    public static LinkModel parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        long rate = 0;
        Duration rtt = Duration.ZERO;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            String value = kv.length == 2 ? kv[1].trim() : "";
            if (key.equals("rate")) {
                Matcher m = RATE.matcher(value);
                if (!m.matches()) {
                    throw bad(spec, "rate '" + value + "' is not a rate like 40MiB/s (B, KB, KiB, MB, MiB, GB, GiB per s)");
                }
                rate = (long) (Double.parseDouble(m.group(1)) * unit(m.group(2)));
            } else if (key.equals("rtt")) {
                Matcher m = TIME.matcher(value.toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw bad(spec, "rtt '" + value + "' is not a duration like 40ms or 1s");
                }
                long n = Long.parseLong(m.group(1));
                rtt = m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
            } else {
                throw bad(spec, "unknown part '" + part.trim() + "'");
            }
        }
        return new LinkModel(rate, rtt);
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("bad --link '" + spec + "': " + why + " — e.g. rate=40MiB/s,rtt=40ms");
    }

    private static long unit(String u) {
        return switch (u.toLowerCase(Locale.ROOT)) {
            case "b" -> 1;
            case "kb" -> 1000;
            case "kib" -> 1024;
            case "mb" -> 1000_000;
            case "mib" -> 1 << 20;
            case "gb" -> 1000_000_000;
            default -> 1 << 30;
        };
    }

    boolean isNone() {
        return bytesPerSecond == 0 && rtt.isZero();
    }

    /** The added round trip, before a response is begun. */
    void awaitRoundTrip() {
        if (!rtt.isZero()) {
            LockSupport.parkNanos(rtt.toNanos());
        }
    }

    /** The response body, paced to the rate from its first byte on. */
    OutputStream paced(OutputStream body) {
        return bytesPerSecond == 0 ? body : new Paced(body, bytesPerSecond);
    }

    /** Sleeps so that the bytes written never run ahead of {@code rate} since the first write. */
    private static final class Paced extends FilterOutputStream {
        private final long rate;
        private long start = -1;
        private long sent;

        Paced(OutputStream out, long rate) {
            super(out);
            this.rate = rate;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (start < 0) {
                start = System.nanoTime();
            }
            while (len > 0) {
                int n = Math.min(len, SLICE);
                out.write(b, off, n);
                sent += n;
                off += n;
                len -= n;
                long due = start + (long) (sent * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }
}
