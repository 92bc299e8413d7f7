package dev.vigil.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.engine.config.Constraints.AtLeast;
import dev.vigil.engine.config.Constraints.Matches;
import dev.vigil.engine.config.Constraints.NotBlank;
import dev.vigil.engine.config.Constraints.NotNegative;
import dev.vigil.engine.config.Constraints.Port;
import dev.vigil.engine.config.Constraints.Positive;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conf/vigil.yaml}, in slices: each nested class is the part one area of the daemon reads,
 * and each module is given only its slice. Every key is a field with its default and, beside it,
 * its constraints ({@link Constraints}); unknown keys stop start-up (see {@link YamlFiles}).
 */
public final class VigilConfig {
    public Http http = new Http();
    public Streaming streaming = new Streaming();
    public Store store = new Store();
    public Journal journal = new Journal();
    public Rules rules = new Rules();
    public Plugins plugins = new Plugins();
    public Auth auth = new Auth();
    public Camlytics camlytics = new Camlytics();
    public Console console = new Console();
    public Site site = new Site();
    public List<PluginInstance> sinks = new ArrayList<>();
    public List<PluginInstance> sources = new ArrayList<>();

    /** The Web SDK port. */
    public static final class Http {
        public String bind = "0.0.0.0";

        @Port
        public int port = 4590;

        @Matches(value = "/.*[^/]", message = "must start with '/' and not end with one, e.g. /WebSdk")
        public String basePath = "/WebSdk";

        @Positive
        public int maxBodyBytes = 4 * 1024 * 1024;

        @Positive
        public int maxHeaderBytes = 16 * 1024;

        @Positive
        public int maxInitialLineBytes = 8 * 1024;

        @Positive
        public int maxConnections = 2048;
        /** One remote address may hold at most this many connections, so one host cannot take every slot. */
        @Positive
        public int maxConnectionsPerAddress = 256;
        /** A request head must arrive whole within this time of its first byte (or of the connection opening). */
        @Positive
        public Duration headerTimeout = Duration.ofSeconds(10);
        /** A request body must arrive whole within this time of its head. */
        @Positive
        public Duration bodyTimeout = Duration.ofSeconds(30);
        /** Request body bytes all connections together may hold while they arrive; beyond, 503. */
        @Positive
        public long maxBufferedBytes = 256L * 1024 * 1024;

        @Positive
        public int workerThreads = 4;

        @Positive
        public Duration idleTimeout = Duration.ofMinutes(5);

        /** HTTPS on the Web SDK, streaming and Camlytics ports. */
        public Tls tls = new Tls();
    }

    /** A PEM certificate and key turn HTTPS on; both files are read again on a reload when they change. */
    public static final class Tls {
        /** The certificate chain (PEM), relative to the conf folder; empty: plain HTTP only. */
        public String certificate = "";
        /** Its private key (PEM, PKCS#8 "BEGIN PRIVATE KEY"), relative to the conf folder. */
        public String privateKey = "";
        /** With TLS on, plain HTTP is taken only from this machine ("loopback") or from anyone ("allow"). */
        public String plainHttp = "loopback";

        public boolean enabled() {
            return !certificate.isBlank();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tls t
                    && t.certificate.equals(certificate)
                    && t.privateKey.equals(privateKey)
                    && t.plainHttp.equals(plainHttp);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(certificate, privateKey, plainHttp);
        }
    }

    /** The real-time multipart event stream, its sessions and its limits. */
    public static final class Streaming {
        @Port
        public int port = 4591;
        /** Host name put in the 301 of GET /events; empty = the host the client asked for. */
        public String publicHost = "";

        @Positive
        public int maxConnections = 4096;
        /** Bytes one stream may have waiting to be sent before it is closed as a slow reader. */
        @Positive
        public int bufferBytes = 1024 * 1024;
        /** A KeepAlive part goes out on a stream that sent nothing for this long. */
        @Positive
        public Duration keepAliveInterval = Duration.ofSeconds(5);
        /** A session without requests for this long expires, unless it has a subscription and an open stream. */
        @Positive
        public Duration sessionIdleTimeout = Duration.ofMinutes(5);

        @Positive
        public int maxSessions = 10_000;

        @Positive
        public int maxStreamsPerSession = 8;

        @Positive
        public int maxSubscriptionsPerSession = 10_000;
        /** Batches waiting for the fan-out thread; beyond this every stream is closed (counted), never ingest slowed. */
        @Positive
        public int fanOutQueueCapacity = 65_536;
    }

    /** Where alarms, users' state and dead letters live. Empty url = H2 file under the data dir. */
    public static final class Store {
        public String url = "";
        public String user = "";
        public String password = "";

        @Positive
        public int maxConnections = 4;
    }

    /** The append-only event journal under {@code data/journal}. */
    public static final class Journal {
        @AtLeast(1024 * 1024)
        public long segmentBytes = 64L * 1024 * 1024;

        @Positive
        public int retainSegments = 16;

        @Positive
        public int maxBatch = 8192;
        /**
         * The most disk the journal's segments may take (0: no cap). Past it, processed segments go
         * even within retainSegments; if the rules or a sink still need the oldest, events are refused
         * with 503 until they catch up, instead of filling the disk.
         */
        @AtLeast(0)
        public long maxDiskBytes = 8L * 1024 * 1024 * 1024;
        /** Off only for benchmarks that want to see the cost of everything but the disk. */
        public boolean fsync = true;

        /**
         * {@code file}: the segments under {@code data/journal} (one node). {@code kafka}: a Kafka topic
         * shared by every node of a cluster (see {@link #kafka} and docs/cluster.md).
         */
        @Matches(value = "file|kafka", message = "must be file or kafka")
        public String type = "file";

        public Kafka kafka = new Kafka();
    }

    /** The Kafka topic the events go to when {@code journal.type} is {@code kafka}. */
    public static final class Kafka {
        /** {@code host:port[,host:port...]} of the brokers. */
        public String bootstrapServers = "";

        @NotBlank(message = "must name the topic, such as vigil-events")
        public String topic = "vigil-events";
        /** Partitions when Vigil creates the topic: the most nodes that can share the rules. */
        @Positive
        public int partitions = 12;
        /** Copies of each partition when Vigil creates the topic (3 in production). */
        @Positive
        public short replication = 1;
        /** How long the topic keeps events when Vigil creates it. */
        @Positive
        public Duration retention = Duration.ofDays(7);
        /**
         * What decides an event's partition, so which events one rules session sees together:
         * {@code source} (the entity that raised it) or {@code property:NAME} (an event property such as
         * a site or zone; events without it fall back to their source).
         */
        @Matches(value = "source|property:.+", message = "must be source or property:NAME")
        public String key = "source";
        /** How often each node marks every partition with the time, so quiet ones do not hold the others back. */
        @Positive
        public Duration tickInterval = Duration.ofMillis(100);
        /** Events kept in memory for readers (Camlytics polls, sinks catching up); older ones are read back from Kafka. */
        @Positive
        public int recentEvents = 200_000;
        /** How long an event may take to reach the brokers before the caller gets 503. */
        @Positive
        public Duration deliveryTimeout = Duration.ofSeconds(30);
        /**
         * How long a node may be silent before Kafka gives its partitions to the others (the time a
         * killed node's partitions wait); the brokers bound it (group.min/max.session.timeout.ms).
         */
        @Positive
        public Duration sessionTimeout = Duration.ofSeconds(10);
        /**
         * How far behind (the wait of the oldest event queued for them) any node's rules may fall before
         * every node answers new events with 503: Kafka would hold them, but their alarms would come late.
         */
        @Positive
        public Duration maxRulesLag = Duration.ofSeconds(10);

        /** Further client settings passed to Kafka as they are (security.protocol, sasl.*, ssl.*). */
        public Map<String, String> properties = new LinkedHashMap<>();

        private List<Object> values() {
            return java.util.Arrays.asList(
                    bootstrapServers,
                    topic,
                    partitions,
                    replication,
                    retention,
                    key,
                    tickInterval,
                    recentEvents,
                    deliveryTimeout,
                    sessionTimeout,
                    maxRulesLag,
                    properties);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Kafka k && values().equals(k.values());
        }

        @Override
        public int hashCode() {
            return values().hashCode();
        }
    }

    /** The DRL folder and the rules thread. */
    public static final class Rules {
        public String directory = "rules";

        @Positive
        public int queueCapacity = 200_000;

        @Positive
        public int batchSize = 4096;
        /**
         * How long an event stays in the rule session. Vigil raises it to the longest
         * {@code window:time} in the rules; memory is about rate × expiry × 0.5 KB.
         */
        @Positive
        public Duration eventExpiry = Duration.ofMinutes(2);
        /** Events stamped further than this from now are refused, so STREAM mode memory stays flat. */
        @Positive
        public Duration maxClockSkew = Duration.ofMinutes(5);

        @Positive
        public Duration reloadCheckInterval = Duration.ofSeconds(1);
        /** A rule consequence running longer than this is reported as stuck (log, health, metric). */
        @Positive
        public Duration firingBudget = Duration.ofSeconds(5);
        /** Events the rule session may keep for its windows before ingest answers 503; 0 = 30% of the heap. */
        @AtLeast(value = 0, message = "must be 0 (30% of the heap) or a number of facts")
        public long maxSessionFacts = 0;
        /** Rules whose name matches this pattern have each firing logged with its facts, from the start; "" none. */
        public String trace = "";
        /** How long a trace set by {@code trace} lasts after the start. */
        @Positive
        public Duration traceFor = Duration.ofMinutes(10);
    }

    /** The PF4J plugin folder. */
    public static final class Plugins {
        public String directory = "plugins";

        @Positive
        public Duration scanInterval = Duration.ofSeconds(2);
    }

    /** Login. */
    public static final class Auth {
        /** How long a verified Authorization header is trusted without re-hashing the password. */
        @Positive
        public Duration credentialCacheTtl = Duration.ofMinutes(5);

        @AtLeast(10_000)
        public int pbkdf2Iterations = 210_000;
    }

    /** The operator console: a web page under {@code /console/} on {@code http.port}, the same users. */
    public static final class Console {
        public boolean enabled = true;
        /** A console login unused this long ends (an open console keeps it alive). */
        @Positive
        public Duration sessionTimeout = Duration.ofHours(8);
        /** Console pages open at once with a live connection; beyond, 503. */
        @Positive
        public int maxLiveConnections = 64;
    }

    /** The Camlytics REST API: its own port, the same users as the Web SDK. */
    public static final class Camlytics {
        public boolean enabled = true;

        @Port
        public int port = 48462;
        /** Answer reads from 127.0.0.1/::1 without a login, as the product does; never from other addresses. */
        public boolean anonymousLoopback = false;
        /** The longest a long poll may wait ({@code timeout=} beyond it is refused). */
        @Positive
        public Duration maxTimeout = Duration.ofSeconds(60);
        /** The most events one answer may hold ({@code limit=} beyond it is refused). */
        @Positive
        public int maxLimit = 1000;
        /** Long polls waiting at once; beyond, 503. */
        @Positive
        public int maxWaiting = 1024;
        /** The zone of the product's local {@code time} fields; empty: this machine's zone. */
        public String timeZone = "";
        /**
         * Which camera an inbound webhook's channel is: Camlytics channel id → a camera reference (GUID or
         * {@code LogicalID(Camera,N)}). A channel not listed is the camera of the same name, else the
         * camera whose logical id is the channel id.
         */
        public Map<String, String> channelMap = new LinkedHashMap<>();
    }

    /** One configured source or sink: which plugin extension, and its own settings. */
    public static final class PluginInstance {
        @Matches(value = "[A-Za-z0-9_.-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-'")
        public String name;

        @NotBlank(message = "is missing: name the plugin extension type, e.g. jsonl-file")
        public String type;

        public boolean enabled = true;
        /** Sinks: receive every journaled event. */
        public boolean events = false;
        /** Sinks: receive every persisted alarm change. */
        public boolean alarms = true;

        @Positive
        public int queueCapacity = 10_000;

        @Positive
        public int maxAttempts = 5;

        @Positive
        public Duration backoff = Duration.ofSeconds(1);

        /** Sinks: how items are grouped into one {@code onBatch} call (rows per request, alarms per digest mail). */
        public Batch batch = new Batch();

        @JsonProperty("settings")
        public Map<String, Object> settings = new LinkedHashMap<>();
    }

    /** Grouping of a sink's deliveries; the defaults (1, 0 s) hand items over one at a time. */
    public static final class Batch {
        /** The most items in one call. */
        @Positive
        public int size = 1;

        /**
         * The least time between two calls: what arrives meanwhile waits and goes in the next one. The
         * first item after a quiet spell goes at once.
         */
        @NotNegative
        public Duration window = Duration.ZERO;
    }

    /** Where the site is, for rules that speak of the time of day. */
    public static final class Site {
        /** The zone rules' local times and schedules are in; empty: this machine's. */
        public String timeZone = "";

        /** Named schedules ("after-hours", "weekend"...), relative to the conf folder; re-read when it changes. */
        public String schedules = "schedules.yaml";

        public java.time.ZoneId zone() {
            return timeZone == null || timeZone.isEmpty()
                    ? java.time.ZoneId.systemDefault()
                    : java.time.ZoneId.of(timeZone);
        }
    }

    /** Every field against its constraints, then the checks that involve two fields. */
    public void validate(Path file) {
        if (streaming.publicHost == null) {
            streaming.publicHost = "";
        }
        ConfigValidator.check(file, this, "");
        if (http.port == streaming.port && http.port != 0) {
            ConfigValidator.fail(file, "streaming.port", "must differ from http.port (" + http.port + ")");
        }
        if (camlytics.port != 0 && (camlytics.port == http.port || camlytics.port == streaming.port)) {
            ConfigValidator.fail(
                    file, "camlytics.port", "must differ from http.port and streaming.port (" + camlytics.port + ")");
        }
        if (http.tls == null) {
            http.tls = new Tls();
        }
        if (http.tls.certificate.isBlank() != http.tls.privateKey.isBlank()) {
            ConfigValidator.fail(
                    file,
                    http.tls.certificate.isBlank() ? "http.tls.certificate" : "http.tls.privateKey",
                    "give both http.tls.certificate and http.tls.privateKey, or neither");
        }
        if (!List.of("loopback", "allow").contains(http.tls.plainHttp)) {
            ConfigValidator.fail(
                    file, "http.tls.plainHttp", "must be loopback or allow, was '" + http.tls.plainHttp + "'");
        }
        if ("kafka".equals(journal.type) && (journal.kafka == null || journal.kafka.bootstrapServers.isBlank())) {
            ConfigValidator.fail(
                    file,
                    "journal.kafka.bootstrapServers",
                    "must name the brokers (host:port,...) when journal.type is kafka");
        }
        if (journal.kafka != null
                && journal.kafka.partitions > dev.vigil.engine.journal.kafka.ClusterSequence.MAX_PARTITIONS) {
            ConfigValidator.fail(
                    file,
                    "journal.kafka.partitions",
                    "must be at most " + dev.vigil.engine.journal.kafka.ClusterSequence.MAX_PARTITIONS);
        }
        if (camlytics.channelMap == null) {
            camlytics.channelMap = new LinkedHashMap<>();
        }
        if (camlytics.timeZone == null) {
            camlytics.timeZone = "";
        }
        if (!camlytics.timeZone.isEmpty()) {
            try {
                ZoneId.of(camlytics.timeZone);
            } catch (DateTimeException e) {
                ConfigValidator.fail(
                        file,
                        "camlytics.timeZone",
                        "'" + camlytics.timeZone
                                + "' is not a time zone; use a name such as Europe/Paris or UTC, or \"\" for this machine's");
            }
        }
        if (site == null) {
            site = new Site();
        }
        if (site.timeZone == null) {
            site.timeZone = "";
        }
        if (!site.timeZone.isEmpty()) {
            try {
                ZoneId.of(site.timeZone);
            } catch (DateTimeException e) {
                ConfigValidator.fail(
                        file,
                        "site.timeZone",
                        "'" + site.timeZone
                                + "' is not a time zone; use a name such as Europe/Paris or UTC, or \"\" for this machine's");
            }
        }
        if (http.maxBufferedBytes < http.maxBodyBytes) {
            ConfigValidator.fail(
                    file, "http.maxBufferedBytes", "must be at least http.maxBodyBytes (" + http.maxBodyBytes + ")");
        }
        Set<String> names = new HashSet<>();
        for (String key : List.of("sinks", "sources")) {
            List<PluginInstance> list = key.equals("sinks") ? sinks : sources;
            for (int i = 0; i < list.size(); i++) {
                PluginInstance p = list.get(i);
                if (!names.add(p.name)) {
                    ConfigValidator.fail(
                            file,
                            key + "[" + i + "].name",
                            "'" + p.name + "' is used twice; instance names are unique");
                }
                if (p.settings == null) {
                    p.settings = new LinkedHashMap<>();
                }
                if (p.batch == null) {
                    p.batch = new Batch();
                }
            }
        }
    }
}
