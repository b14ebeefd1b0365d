package io.thaw.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the sandbox saw, for tests: requests per operation, GetJobOutput calls served, the job log and
 * injected faults. Thread-safe; every getter returns a snapshot.
 */
public final class SandboxLog {

    /** One GetJobOutput reply: the Range header (null = none) and the HTTP status sent. */
    public record Served(String jobId, String range, int status) { }

    /** One job; {@code completed} is null while in progress. */
    public record JobEntry(String jobId, String vault, String action, String archiveId, String tier,
                           Instant initiated, Instant completed) { }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byClient = new ConcurrentHashMap<>();
    /** Appended once per GetJobOutput, read by tests: a copy-on-write list copied itself on every append. */
    private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
    private final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    private final Map<Faults.Kind, LongAdder> faults = new ConcurrentHashMap<>();

    void request(String operation) {
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** Counts the operation, and the operation by that client ({@link #requests(String, String)}). */
    void request(String operation, String client) {
        request(operation);
        byClient.computeIfAbsent(operation + " by " + client, k -> new LongAdder()).increment();
    }

    /**
     * The client family a User-Agent names: its first product token, e.g. {@code aws-sdk-java}, {@code thaw}
     * (thaw's own signed HTTP requests), {@code aws-cli}, {@code curl}; {@code unknown} without one.
     */
    static String client(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown";
        }
        String product = userAgent.strip().split("[\\s/]", 2)[0];
        return product.toLowerCase(java.util.Locale.ROOT);
    }

    void served(String jobId, String range, int status) {
        served.add(new Served(jobId, range, status));
    }

    synchronized void job(JobEntry e) {
        jobs.put(e.jobId(), e);
    }

    void fault(Faults.Kind kind) {
        faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Requests handled for an operation name such as {@code GetJobOutput}, {@code Publish}, {@code sqs}. */
    public long requests(String operation) {
        LongAdder a = requests.get(operation);
        return a == null ? 0 : a.sum();
    }

    /** Requests for an operation sent by one client family ({@link #client}), e.g. {@code ("GetJobOutput", "thaw")}. */
    public long requests(String operation, String client) {
        LongAdder a = byClient.get(operation + " by " + client);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> requestCounts() {
        Map<String, Long> m = new TreeMap<>();
        requests.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Every GetJobOutput reply in the order sent (including errors and injected faults). */
    public List<Served> served() {
        return List.copyOf(served);
    }

    /** Jobs in initiation order. */
    public synchronized List<JobEntry> jobs() {
        return new ArrayList<>(jobs.values());
    }

    public long faults(Faults.Kind kind) {
        LongAdder a = faults.get(kind);
        return a == null ? 0 : a.sum();
    }

    public Map<Faults.Kind, Long> faultCounts() {
        Map<Faults.Kind, Long> m = new EnumMap<>(Faults.Kind.class);
        faults.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
