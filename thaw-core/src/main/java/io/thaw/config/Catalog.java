package io.thaw.config;

import static io.thaw.config.Type.BOOLEAN;
import static io.thaw.config.Type.DECIMAL;
import static io.thaw.config.Type.DESTINATION;
import static io.thaw.config.Type.DESTINATIONS;
import static io.thaw.config.Type.DESTINATION_OR_NAME;
import static io.thaw.config.Type.DURATION;
import static io.thaw.config.Type.INT;
import static io.thaw.config.Type.LIST;
import static io.thaw.config.Type.LONG;
import static io.thaw.config.Type.PATH;
import static io.thaw.config.Type.SIZE;
import static io.thaw.config.Type.STRING;
import static io.thaw.config.Type.TIER;
import static io.thaw.config.Type.URL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every setting thaw knows, each declared once: key, type, default, unit, one-line doc, secret flag.
 * Nothing else in thaw writes a default. Adding a key is one {@code .add(…)} line in its group below;
 * {@code thaw config --docs}, docs/configuration.md and config/thaw.properties.example follow from it.
 * camel.* keys listed here are thaw's defaults for Camel; other camel.* keys pass through unchecked.
 */
public final class Catalog {

    private static final List<Setting> ALL = new Builder()
            .group("Home and routes")
            .add("thaw.home", PATH, "", "", "Folder that relative paths (work/, inbox/, config/application.properties, routes/) are resolved against; empty = the working folder")
            .add("thaw.routes", PATH, "routes", "", "Folder of operator routes (*.camel.yaml), optional: a route whose id matches a built-in route replaces it, others are added")

            .group("AWS")
            .add("thaw.aws.region", STRING, "us-east-1", "", "Region of the vaults, the SNS topic and the SQS queue (all in one region)")
            .add("thaw.aws.endpoint", URL, "", "", "One endpoint override for every AWS service (Glacier, SNS, SQS, S3); empty = real AWS")
            .add("thaw.aws.sqs-endpoint", URL, "", "", "SQS alone at another endpoint (a VPC interface endpoint, or the sandbox's ElasticMQ); empty = as thaw.aws.endpoint")
            .add("thaw.aws.profile", STRING, "", "", "Named profile from ~/.aws/config; credentials otherwise come from the default AWS chain, never from thaw's files")
            .add("thaw.aws.account", STRING, "-", "", "Account id in Glacier paths; '-' = the account of the credentials")
            .add("thaw.aws.sandbox-credentials", BOOLEAN, "false", "", "Use fixed dummy credentials (for the sandbox: thaw run --local sets it)")
            .add("thaw.aws.max-connections", INT, "64", "", "HTTP connections per AWS client (parallel ranged downloads need several)")
            .add("thaw.aws.socket-timeout-seconds", INT, "60", "s", "Socket read timeout of AWS requests")

            .group("Requests")
            .add("thaw.inbox", PATH, "inbox", "", "Folder watched for request files (*.json); bare AWS CLI job-parameter files go into inbox/<vault>/")
            .add("thaw.inbox.settle-ms", INT, "1000", "ms", "A request file is read once it has not changed for this long (names starting with '.' or ending .tmp/.part are never read)")
            .add("thaw.destination.default", DESTINATION, "file:work/outbox", "", "Destination (folder or URI) used when a request names none")
            .add("thaw.allowed-roots", DESTINATIONS, "file:work/outbox", "", "Comma-separated folders or URI prefixes a request may name; the default and named destinations are always allowed")
            .add("thaw.jobs.tier", TIER, "Standard", "", "Glacier retrieval tier when a request names none: Expedited, Standard or Bulk")
            .add("thaw.jobs.sns-topic", STRING, "", "", "SNS topic ARN added to jobs whose parameters name none; empty = rely on the vault's notification topic")
            .add("thaw.naming.overrides", PATH, "", "", "CSV file of archive id,name pairs that override names derived from archive descriptions; empty = none")

            .group("Notices")
            .add("thaw.notices.queue-url", URL, "", "", "URL of the SQS queue subscribed to the vault's SNS topic; empty = polling only (DescribeJob)")
            .add("thaw.notices.wait-seconds", INT, "20", "s", "Long-poll wait per receive (0-20)")
            .add("thaw.notices.visibility-seconds", INT, "300", "s", "How long a received notice stays invisible to others while thaw works on it (extended while working)")
            .add("thaw.notices.unknown-jobs", STRING, "ignore", "", "Notices of jobs thaw did not start: ignore (leave to their owner) or deliver (to thaw.destination.default)")
            .add("thaw.notices.error-folder", PATH, "work/notices/.error", "", "Unparsable notices are written here with their raw body and the reason")
            .add("thaw.notices.max-receives", INT, "5", "", "A notice whose processing fails this many receives is kept with its reason and deleted from the queue")
            .add("thaw.notices.consumers", INT, "8", "", "Notices handled at once (worker threads behind one SQS receiver) — also how many archives are fetched at once")
            .add("thaw.notices.linger-ms", INT, "50", "ms", "After a receive that brought fewer than 10 notices, wait this long before the next, so receives carry batches")
            .add("thaw.notices.dead-letter-queue-url", URL, "", "", "SQS queue for notices thaw gives up on; empty = thaw.notices.error-folder")

            .group("Job store")
            .add("thaw.store.url", STRING, "jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE", "", "JDBC URL of the job store: embedded H2 by default, or jdbc:postgresql://host/db")
            .add("thaw.store.user", STRING, "", "", "Job store user")
            .secret("thaw.store.password", "Job store password (better as THAW_STORE_PASSWORD)")

            .group("Inventory timer")
            .add("thaw.inventory.vaults", LIST, "", "", "Vaults whose inventory is retrieved on a schedule (comma-separated); empty = none")
            .add("thaw.inventory.schedule", STRING, "", "", "A period (PT24H, 6h) or a Quartz cron expression (\"0 0 3 * * ?\"); empty = never")
            .add("thaw.inventory.format", STRING, "JSON", "", "Inventory format: JSON or CSV")
            .add("thaw.inventory.destination", DESTINATION_OR_NAME, "", "", "Where scheduled inventories are delivered; empty = thaw.destination.default")
            .add("thaw.inventory.tick-ms", INT, "30000", "ms", "How often the inventory timer checks whether a scheduled inventory is due")

            .group("Download")
            .add("thaw.staging", PATH, "work/staging", "", "Staging folder for output being downloaded and verified (never shown under a final name)")
            .add("thaw.download.chunk-mib", INT, "32", "MiB", "Output is fetched in ranged chunks of this size, a power of two (Glacier returns each chunk's tree hash)")
            .add("thaw.download.parallel", INT, "8", "", "Most ranged requests in flight per output (1-64): a download starts with 2 and doubles them while aggregate throughput rises with them")
            .add("thaw.download.max-attempts", INT, "8", "", "Attempts per chunk, with exponential back-off")
            .add("thaw.download.direct-io", BOOLEAN, "true", "", "Write whole disk blocks of a downloaded output with O_DIRECT where the staging file system has it: less CPU per byte and the page cache left alone; false sends every byte through the page cache (e.g. a staging disk slower than the link)")
            .add("thaw.download.backoff-ms", INT, "200", "ms", "Back-off between attempts of a chunk: the cap starts here and doubles per attempt, up to 30 s; each wait has equal jitter: a random wait between half and all of the cap")

            .group("Delivery")
            .add("thaw.destinations.<name>", DESTINATION, "", "", "A named destination a request may name (\"destination\": \"backup\"): folder or URI")
            .family("thaw.destinations.<name>.", "that named destination")
            .family("thaw.credentials.<host>.", "any destination URI on that host without a name")
            .add("thaw.s3.max-object-bytes", LONG, "5497558138880", "bytes", "Largest object thaw delivers to S3 (S3's limit is 5 TiB); larger output is refused before download")
            .add("thaw.events.delivered", STRING, "", "", "Camel endpoint URI that receives a JSON \"delivered\" event after each delivery; empty = none")
            .add("thaw.events.retries", INT, "3", "", "How often a failed event is retried (1 s, 2 s, 4 s …) before it is logged and dropped")

            .group("Reliability")
            .add("thaw.reconcile.tick-ms", INT, "10000", "ms", "How often the reconcile route looks at the store (it acts only on jobs that are due)")
            .add("thaw.reconcile.delay-ms", INT, "2000", "ms", "Delay of the first reconcile tick after start")
            .add("thaw.reconcile.grace", DURATION, "PT30M", "", "A REQUESTED job is asked about (DescribeJob) once this old; 0 when there is no notice queue")
            .add("thaw.reconcile.poll.expedited", DURATION, "PT1M", "", "Then asked again this often (Expedited)")
            .add("thaw.reconcile.poll.standard", DURATION, "PT15M", "", "Then asked again this often (Standard)")
            .add("thaw.reconcile.poll.bulk", DURATION, "PT1H", "", "Then asked again this often (Bulk)")
            .add("thaw.reconcile.staged-grace", DURATION, "PT2M", "", "A STAGED job nobody touched for this long is fetched by the reconciler")
            .add("thaw.reconcile.batch", INT, "500", "", "Most jobs of each kind (to ask Glacier about, to fetch, to take over, to renew) one reconcile tick takes; the rest wait for the next ticks, so a tick's memory and Glacier calls stay bounded with tens of thousands of jobs in flight")
            .add("thaw.window.length", DURATION, "PT24H", "", "How long Glacier keeps job output after completion")
            .add("thaw.window.margin", DURATION, "PT2H", "", "A job not delivered this long before its window closes is re-requested")
            .add("thaw.retry.base", DURATION, "PT30S", "", "Retry after a failed download or delivery: the cap starts here and doubles per attempt, up to thaw.retry.max; each wait has equal jitter: a random wait between half and all of the cap")
            .add("thaw.retry.max", DURATION, "PT1H", "", "Largest cap of the retry wait (a wait is a random time between half and all of the cap)")
            .add("thaw.claims.ttl", DURATION, "PT2M", "", "A job being downloaded is claimed this long, refreshed every third of it (many instances)")
            .add("thaw.instance.id", STRING, "", "", "Name of this instance in claims; empty = host name + process id")

            .group("Whole-vault runs")
            .add("thaw.pace.jobs-per-second", DECIMAL, "0", "1/s", "Cap on InitiateJob calls per second started by runs; 0 = adaptive, no cap (the rate starts at thaw.pace.start-rate, grows while Glacier accepts, halves on throttling)")
            .add("thaw.pace.bytes-per-day", SIZE, "0", "bytes", "Cap on archive bytes started per rolling 24 h (500GiB, 10TiB, 2TB); 0 = no cap")
            .add("thaw.pace.max-in-flight", INT, "0", "", "Cap on archive jobs started but not yet delivered or failed; 0 = none (the 24 h window rule governs)")
            .add("thaw.pace.max-cost", DECIMAL, "0", "USD", "Budget per run (retrieval fees as thaw.rates.* estimate them); 0 = none; a request's \"maxCost\" may lower it")
            .add("thaw.pace.start-rate", DECIMAL, "50", "1/s", "Where the adaptive start rate begins")
            .add("thaw.pace.download-rate", SIZE, "50MiB", "bytes/s", "Download-and-deliver rate assumed until measured; thaw plan uses it")
            .add("thaw.pace.window-margin-minutes", INT, "240", "min", "Part of Glacier's 24 h output window kept free for retries and restarts (0-1200)")
            .add("thaw.pace.tick-ms", INT, "200", "ms", "How often the pacer runs")
            .add("thaw.rates.date", STRING, "AWS us-east-1 vault rates as published 2018-2024, not re-checked", "", "Which prices thaw plan uses (check https://aws.amazon.com/s3/glacier/pricing/)")
            .add("thaw.rates.currency", STRING, "USD", "", "Currency of the rates")
            .add("thaw.rates.expedited.per-1000-requests", DECIMAL, "10.00", "", "Expedited fee per 1,000 retrieval requests")
            .add("thaw.rates.expedited.per-gb", DECIMAL, "0.03", "", "Expedited fee per GB (2^30 bytes) retrieved")
            .add("thaw.rates.standard.per-1000-requests", DECIMAL, "0.05", "", "Standard fee per 1,000 retrieval requests")
            .add("thaw.rates.standard.per-gb", DECIMAL, "0.01", "", "Standard fee per GB retrieved")
            .add("thaw.rates.bulk.per-1000-requests", DECIMAL, "0.025", "", "Bulk fee per 1,000 retrieval requests")
            .add("thaw.rates.bulk.per-gb", DECIMAL, "0.0025", "", "Bulk fee per GB retrieved")
            .add("thaw.rates.storage.per-gb-month", DECIMAL, "0.0036", "", "Vault storage per GB-month: thaw retire's monthly saving, and Glacier's early-deletion charge of archives younger than 90 days")
            .add("thaw.rates.s3.date", STRING, "AWS us-east-1 S3 prices as published 2024, not re-checked", "", "Which S3 prices thaw plan uses for S3 destinations")
            .add("thaw.rates.s3.standard.per-1000-puts", DECIMAL, "0.005", "", "S3 STANDARD: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.standard.per-gb-month", DECIMAL, "0.023", "", "S3 STANDARD: storage per GB-month (thaw plan)")
            .add("thaw.rates.s3.intelligent_tiering.per-1000-puts", DECIMAL, "0.005", "", "S3 INTELLIGENT_TIERING: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.intelligent_tiering.per-gb-month", DECIMAL, "0.023", "", "S3 INTELLIGENT_TIERING: storage per GB-month (thaw plan)")
            .add("thaw.rates.s3.standard_ia.per-1000-puts", DECIMAL, "0.01", "", "S3 STANDARD_IA: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.standard_ia.per-gb-month", DECIMAL, "0.0125", "", "S3 STANDARD_IA: storage per GB-month (thaw plan)")
            .add("thaw.rates.s3.onezone_ia.per-1000-puts", DECIMAL, "0.01", "", "S3 ONEZONE_IA: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.onezone_ia.per-gb-month", DECIMAL, "0.01", "", "S3 ONEZONE_IA: storage per GB-month (thaw plan)")
            .add("thaw.rates.s3.glacier_ir.per-1000-puts", DECIMAL, "0.02", "", "S3 GLACIER_IR: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.glacier_ir.per-gb-month", DECIMAL, "0.004", "", "S3 GLACIER_IR: storage per GB-month (thaw plan)")
            .add("thaw.rates.s3.glacier.per-1000-puts", DECIMAL, "0.03", "", "S3 GLACIER: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.glacier.per-gb-month", DECIMAL, "0.0036", "", "S3 GLACIER: storage per GB-month (thaw plan)")
            .add("thaw.rates.s3.deep_archive.per-1000-puts", DECIMAL, "0.05", "", "S3 DEEP_ARCHIVE: PUT-class requests per 1,000 (thaw plan)")
            .add("thaw.rates.s3.deep_archive.per-gb-month", DECIMAL, "0.00099", "", "S3 DEEP_ARCHIVE: storage per GB-month (thaw plan)")
            .add("thaw.runs.inventory-folder", DESTINATION, "file:work/inventories", "", "Where a run's inventory pages are delivered (a folder: the run reads them back)")
            .add("thaw.runs.report-folder", PATH, "work/reports", "", "Run reports (<run>.txt) at the end of each run")
            .add("thaw.runs.vaults", LIST, "", "", "Vaults that get a whole-vault run each time their scheduled inventory is delivered")
            .add("thaw.runs.tier", TIER, "", "", "Tier of those runs; empty = thaw.jobs.tier")
            .add("thaw.runs.destination", DESTINATION_OR_NAME, "", "", "Destination of those runs; empty = thaw.destination.default")

            .group("Retiring a vault")
            .add("thaw.retire.deletes-per-second", DECIMAL, "5", "1/s", "DeleteArchive calls per second of thaw retire; each delete is recorded before the next")

            .group("Operations: health, metrics and the HTTP API")
            .secret("thaw.api.token", "Bearer token the HTTP API requires; empty = none (loopback only!) — better as THAW_API_TOKEN")
            .add("camel.management.enabled", BOOLEAN, "false", "", "Serve /observe/health, /observe/metrics and the HTTP API")
            .add("camel.management.host", STRING, "127.0.0.1", "", "Address of that server; loopback unless thaw.api.token is set")
            .add("camel.management.port", INT, "9876", "", "Port of that server")
            .add("camel.management.healthCheckEnabled", BOOLEAN, "true", "", "Serve /observe/health")
            .add("camel.management.metricsEnabled", BOOLEAN, "true", "", "Serve /observe/metrics")
            .add("camel.metrics.enabled", BOOLEAN, "true", "", "Micrometer metrics (thaw_* and Camel's meters)")
            .add("camel.metrics.binders", STRING, "jvm-memory,jvm-gc,jvm-thread,processor,uptime", "", "JVM meters to publish")
            .add("camel.metrics.enableExchangeEventNotifier", BOOLEAN, "false", "", "Per-endpoint exchange timers (cost about a tenth of each notice's CPU)")
            .add("camel.health.exposureLevel", STRING, "default", "", "default = details only for checks that are DOWN; full = every check")
            .add("camel.health.consumersEnabled", BOOLEAN, "false", "", "Camel's per-consumer checks (off: a long download would read as not ready)")

            .group("Camel")
            .add("camel.main.name", STRING, "thaw", "", "Name of the Camel context")
            .add("camel.main.stream-caching-enabled", BOOLEAN, "false", "", "Never copy downloads into memory between route steps")
            .add("camel.main.shutdown-timeout", INT, "15", "s", "Time routes get to finish on shutdown")
            .build();

    private Catalog() {
    }

    public static List<Setting> all() {
        return ALL;
    }

    /** The setting that declares this key (exactly, or as a member of a family). */
    public static Optional<Setting> find(String key) {
        for (Setting s : ALL) {
            if (s.key().equals(key)) {
                return Optional.of(s);
            }
        }
        return ALL.stream().filter(Setting::isFamily).filter(s -> s.matches(key)).findFirst();
    }

    /** Built-in default of a key ("" = unset). */
    public static String defaultOf(String key) {
        return find(key).map(Setting::defaultValue).orElse("");
    }

    /** The known key closest to a misspelt one (edit distance), for "did you mean …". */
    public static String closest(String key) {
        return ALL.stream().map(Setting::key).min(Comparator.comparingInt(k -> EditDistance.of(key, k))).orElseThrow();
    }

    /** Collects the declarations in order, each under the group (section) last named. */
    private static final class Builder {
        private final List<Setting> list = new ArrayList<>();
        private String group = "";

        Builder group(String name) {
            group = name;
            return this;
        }

        Builder add(String key, Type type, String defaultValue, String unit, String doc) {
            list.add(new Setting(group, key, type, defaultValue, unit, doc, false));
            return this;
        }

        Builder secret(String key, String doc) {
            list.add(new Setting(group, key, STRING, "", "", doc, true));
            return this;
        }

        /** The login and S3 options a destination takes, under a prefix (a named destination, a host). */
        Builder family(String prefix, String whose) {
            add(prefix + "username", STRING, "", "", "FTP/FTPS/SFTP user name for " + whose);
            secret(prefix + "password", "FTP/FTPS/SFTP password for " + whose + " (better from the environment)");
            add(prefix + "private-key-file", PATH, "", "", "SFTP private key (OpenSSH, PEM or PKCS#8) for " + whose);
            secret(prefix + "private-key-passphrase", "Passphrase of that private key");
            add(prefix + "known-hosts-file", PATH, "", "", "SFTP known-hosts file for " + whose + "; empty = ~/.ssh/known_hosts");
            add(prefix + "strict-host-key-checking", BOOLEAN, "true", "", "SFTP: refuse a server whose host key is not known");
            add(prefix + "implicit-tls", BOOLEAN, "false", "", "FTPS: TLS from the first byte instead of AUTH TLS");
            add(prefix + "trust-store", PATH, "", "", "FTPS trust store (PKCS12 or JKS) for the server certificate; empty = the JDK's");
            secret(prefix + "trust-store-password", "Password of that trust store");
            add(prefix + "endpoint", URL, "", "", "S3: endpoint of an S3-compatible server for " + whose);
            add(prefix + "region", STRING, "", "", "S3: region of the bucket; empty = thaw.aws.region");
            add(prefix + "profile", STRING, "", "", "S3: AWS profile for " + whose);
            add(prefix + "path-style", BOOLEAN, "", "", "S3: path-style requests; empty = on when an endpoint is set");
            add(prefix + "storage-class", STRING, "", "", "S3: storage class of delivered objects (STANDARD, DEEP_ARCHIVE …)");
            add(prefix + "expected-bucket-owner", STRING, "", "", "S3: account id the bucket must belong to");
            return this;
        }

        List<Setting> build() {
            return List.copyOf(list);
        }
    }
}
