package io.thaw.sandbox;

import io.thaw.glacier.TreeHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected faults: probabilities per kind and a seed, e.g.
 * {@code throttle=0.05,error500=0.05,truncate=0.02,corrupt=0.01,seed=42}, and {@code initiate-rate=N}: like
 * Glacier's request rate limit, InitiateJob calls beyond N in one wall-clock second are throttled.
 *
 * <p>Deterministic under concurrency: each decision is a hash of (seed, operation, job id, range, and
 * how many times this same key was asked before), not a draw from a shared Random, so the n-th
 * request for a given job/range meets the same fate whatever other requests interleave.
 * A fresh instance starts counting from zero again.
 */
public final class Faults {

    public enum Kind { THROTTLE, ERROR500, TRUNCATE, CORRUPT }

    /** What to do to a GetJobOutput body: the kind, and a position (byte to flip or bytes to send). */
    public record BodyFault(Kind kind, long position) { }

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0);

    private final double throttle;
    private final double error500;
    private final double truncate;
    private final double corrupt;
    private final long seed;
    private final double initiateRate;
    private final ConcurrentHashMap<String, AtomicLong> seen = new ConcurrentHashMap<>();
    private long second;
    private int inSecond;

    public Faults(double throttle, double error500, double truncate, double corrupt, long seed) {
        this(throttle, error500, truncate, corrupt, seed, 0);
    }

    /** @param initiateRate InitiateJob calls accepted per second, more are throttled (0 = no limit) */
    public Faults(double throttle, double error500, double truncate, double corrupt, long seed, double initiateRate) {
        this.initiateRate = initiateRate;
        this.throttle = throttle;
        this.error500 = error500;
        this.truncate = truncate;
        this.corrupt = corrupt;
        this.seed = seed;
        if (throttle + error500 > 1 || truncate + corrupt > 1 || throttle < 0 || error500 < 0 || truncate < 0 || corrupt < 0) {
            throw new IllegalArgumentException("fault probabilities must be in [0,1] and throttle+error500 and "
                    + "truncate+corrupt each at most 1");
        }
    }

    /** Parses the --faults SPEC; an empty or null spec means no faults. Missing seed = 0. */
    public static Faults parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("none")) {
            return NONE;
        }
        double t = 0, e = 0, tr = 0, c = 0, ir = 0;
        long s = 0;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw bad(part);
            }
            String v = kv[1].trim();
            try {
                switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "throttle" -> t = Double.parseDouble(v);
                    case "error500" -> e = Double.parseDouble(v);
                    case "truncate" -> tr = Double.parseDouble(v);
                    case "corrupt" -> c = Double.parseDouble(v);
                    case "seed" -> s = Long.parseLong(v);
                    case "initiate-rate" -> ir = Double.parseDouble(v);
                    default -> throw bad(part);
                }
            } catch (NumberFormatException ex) {
                throw bad(part);
            }
        }
        return new Faults(t, e, tr, c, s, ir);
    }

    private static IllegalArgumentException bad(String part) {
        return new IllegalArgumentException("bad --faults entry '" + part.trim() + "': expected kind=probability "
                + "with kind one of throttle, error500, truncate, corrupt, or seed=N, or initiate-rate=N (InitiateJob calls"
                + " per second beyond which the sandbox throttles), e.g. throttle=0.05,seed=42");
    }

    /** THROTTLE, ERROR500 or null for a Glacier job operation request. */
    public Kind requestFault(String operation, String jobId, String range) {
        if (initiateRate > 0 && "InitiateJob".equals(operation) && overRate()) {
            return Kind.THROTTLE;
        }
        if (throttle + error500 == 0) {
            return null;
        }
        double u = draw("req|" + operation + "|" + jobId + "|" + range, 0);
        return u < throttle ? Kind.THROTTLE : u < throttle + error500 ? Kind.ERROR500 : null;
    }

    /** TRUNCATE, CORRUPT or null for a GetJobOutput body of {@code length} bytes. */
    public BodyFault bodyFault(String jobId, String range, long length) {
        if (truncate + corrupt == 0 || length == 0) {
            return null;
        }
        String key = "body|" + jobId + "|" + range;
        long n = seen.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
        double u = unit(hash(key, n, 1));
        long pos = Math.floorMod(hash(key, n, 2), length);
        if (u < truncate) {
            return new BodyFault(Kind.TRUNCATE, pos);
        }
        return u < truncate + corrupt ? new BodyFault(Kind.CORRUPT, pos) : null;
    }

    /** Counts an InitiateJob in the current wall-clock second; true when it is one too many. */
    private synchronized boolean overRate() {
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            second = now;
            inSecond = 0;
        }
        return ++inSecond > initiateRate;
    }

    private double draw(String key, int salt) {
        long n = seen.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
        return unit(hash(key, n, salt));
    }

    private long hash(String key, long n, int salt) {
        MessageDigest md = TreeHash.sha256();
        md.update(ByteBuffer.allocate(20).putLong(seed).putLong(n).putInt(salt).flip());
        md.update(key.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(md.digest()).getLong();
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    @Override
    public String toString() {
        return "throttle=" + throttle + ",error500=" + error500 + ",truncate=" + truncate + ",corrupt=" + corrupt
                + ",seed=" + seed + (initiateRate > 0 ? ",initiate-rate=" + initiateRate : "");
    }
}
