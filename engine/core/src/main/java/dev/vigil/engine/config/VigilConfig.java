package dev.vigil.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conf/vigil.yaml}. Every key the daemon reads is a field here, with its default; unknown
 * keys stop start-up (see {@link YamlFiles}). {@link #validate(Path)} checks the values.
 */
public final class VigilConfig {
    public Http http = new Http();
    public Streaming streaming = new Streaming();
    public Store store = new Store();
    public Journal journal = new Journal();
    public Rules rules = new Rules();
    public Plugins plugins = new Plugins();
    public Auth auth = new Auth();
    public List<PluginInstance> sinks = new ArrayList<>();
    public List<PluginInstance> sources = new ArrayList<>();

    /** The Web SDK port. */
    public static final class Http {
        public String bind = "0.0.0.0";
        public int port = 4590;
        public String basePath = "/WebSdk";
        public int maxBodyBytes = 4 * 1024 * 1024;
        public int maxHeaderBytes = 16 * 1024;
        public int maxInitialLineBytes = 8 * 1024;
        public int maxConnections = 2048;
        /** One remote address may hold at most this many connections, so one host cannot take every slot. */
        public int maxConnectionsPerAddress = 256;
        /** A request head must arrive whole within this time of its first byte (or of the connection opening). */
        public Duration headerTimeout = Duration.ofSeconds(10);
        /** A request body must arrive whole within this time of its head. */
        public Duration bodyTimeout = Duration.ofSeconds(30);
        /** Request body bytes all connections together may hold while they arrive; beyond, 503. */
        public long maxBufferedBytes = 256L * 1024 * 1024;
        public int workerThreads = 4;
        public Duration idleTimeout = Duration.ofMinutes(5);
    }

    /** The real-time multipart event stream, its sessions and its limits. */
    public static final class Streaming {
        public int port = 4591;
        /** Host name put in the 301 of GET /events; empty = the host the client asked for. */
        public String publicHost = "";
        public int maxConnections = 4096;
        /** Bytes one stream may have waiting to be sent before it is closed as a slow reader. */
        public int bufferBytes = 1024 * 1024;
        /** A KeepAlive part goes out on a stream that sent nothing for this long. */
        public Duration keepAliveInterval = Duration.ofSeconds(5);
        /** A session without requests for this long expires, unless it has a subscription and an open stream. */
        public Duration sessionIdleTimeout = Duration.ofMinutes(5);
        public int maxSessions = 10_000;
        public int maxStreamsPerSession = 8;
        public int maxSubscriptionsPerSession = 10_000;
        /** Batches waiting for the fan-out thread; beyond this every stream is closed (counted), never ingest slowed. */
        public int fanOutQueueCapacity = 65_536;
    }

    /** Where alarms, users' state and dead letters live. Empty url = H2 file under the data dir. */
    public static final class Store {
        public String url = "";
        public String user = "";
        public String password = "";
        public int maxConnections = 4;
    }

    /** The append-only event journal under {@code data/journal}. */
    public static final class Journal {
        public long segmentBytes = 64L * 1024 * 1024;
        public int retainSegments = 16;
        public int maxBatch = 8192;
        /** Off only for benchmarks that want to see the cost of everything but the disk. */
        public boolean fsync = true;
    }

    /** The DRL folder and the rules thread. */
    public static final class Rules {
        public String directory = "rules";
        public int queueCapacity = 200_000;
        public int batchSize = 4096;
        /**
         * How long an event stays in the rule session. Vigil raises it to the longest
         * {@code window:time} in the rules; memory is about rate × expiry × 0.5 KB.
         */
        public Duration eventExpiry = Duration.ofMinutes(2);
        /** Events stamped further than this from now are refused, so STREAM mode memory stays flat. */
        public Duration maxClockSkew = Duration.ofMinutes(5);
        public Duration reloadCheckInterval = Duration.ofSeconds(1);
        /** A rule consequence running longer than this is reported as stuck (log, health, metric). */
        public Duration firingBudget = Duration.ofSeconds(5);
        /** Events the rule session may keep for its windows before ingest answers 503; 0 = 30% of the heap. */
        public long maxSessionFacts = 0;
    }

    /** The PF4J plugin folder. */
    public static final class Plugins {
        public String directory = "plugins";
        public Duration scanInterval = Duration.ofSeconds(2);
    }

    /** Login. */
    public static final class Auth {
        /** How long a verified Authorization header is trusted without re-hashing the password. */
        public Duration credentialCacheTtl = Duration.ofMinutes(5);
        public int pbkdf2Iterations = 210_000;
    }

    /** One configured source or sink: which plugin extension, and its own settings. */
    public static final class PluginInstance {
        public String name;
        public String type;
        public boolean enabled = true;
        /** Sinks: receive every journaled event. */
        public boolean events = false;
        /** Sinks: receive every persisted alarm change. */
        public boolean alarms = true;
        public int queueCapacity = 10_000;
        public int maxAttempts = 5;
        public Duration backoff = Duration.ofSeconds(1);
        @JsonProperty("settings")
        public Map<String, Object> settings = new LinkedHashMap<>();
    }

    public void validate(Path file) {
        checkPort(file, "http.port", http.port);
        checkPort(file, "streaming.port", streaming.port);
        if (http.port == streaming.port && http.port != 0) {
            fail(file, "streaming.port", "must differ from http.port (" + http.port + ")");
        }
        positive(file, "streaming.maxConnections", streaming.maxConnections);
        positive(file, "streaming.bufferBytes", streaming.bufferBytes);
        positiveDuration(file, "streaming.keepAliveInterval", streaming.keepAliveInterval);
        positiveDuration(file, "streaming.sessionIdleTimeout", streaming.sessionIdleTimeout);
        positive(file, "streaming.maxSessions", streaming.maxSessions);
        positive(file, "streaming.maxStreamsPerSession", streaming.maxStreamsPerSession);
        positive(file, "streaming.maxSubscriptionsPerSession", streaming.maxSubscriptionsPerSession);
        positive(file, "streaming.fanOutQueueCapacity", streaming.fanOutQueueCapacity);
        if (streaming.publicHost == null) {
            streaming.publicHost = "";
        }
        if (!http.basePath.startsWith("/") || http.basePath.endsWith("/")) {
            fail(file, "http.basePath", "must start with '/' and not end with one, e.g. /WebSdk");
        }
        positive(file, "http.maxBodyBytes", http.maxBodyBytes);
        positive(file, "http.maxHeaderBytes", http.maxHeaderBytes);
        positive(file, "http.maxInitialLineBytes", http.maxInitialLineBytes);
        positive(file, "http.maxConnections", http.maxConnections);
        positive(file, "http.workerThreads", http.workerThreads);
        positive(file, "http.maxConnectionsPerAddress", http.maxConnectionsPerAddress);
        positiveDuration(file, "http.headerTimeout", http.headerTimeout);
        positiveDuration(file, "http.bodyTimeout", http.bodyTimeout);
        positiveDuration(file, "http.idleTimeout", http.idleTimeout);
        if (http.maxBufferedBytes < http.maxBodyBytes) {
            fail(file, "http.maxBufferedBytes", "must be at least http.maxBodyBytes (" + http.maxBodyBytes + ")");
        }
        positive(file, "store.maxConnections", store.maxConnections);
        if (journal.segmentBytes < 1024 * 1024) {
            fail(file, "journal.segmentBytes", "must be at least 1048576");
        }
        positive(file, "journal.retainSegments", journal.retainSegments);
        positive(file, "journal.maxBatch", journal.maxBatch);
        positive(file, "rules.queueCapacity", rules.queueCapacity);
        positive(file, "rules.batchSize", rules.batchSize);
        positiveDuration(file, "rules.eventExpiry", rules.eventExpiry);
        positiveDuration(file, "rules.maxClockSkew", rules.maxClockSkew);
        positiveDuration(file, "rules.reloadCheckInterval", rules.reloadCheckInterval);
        positiveDuration(file, "rules.firingBudget", rules.firingBudget);
        if (rules.maxSessionFacts < 0) {
            fail(file, "rules.maxSessionFacts", "must be 0 (30% of the heap) or a number of facts");
        }
        positiveDuration(file, "plugins.scanInterval", plugins.scanInterval);
        positiveDuration(file, "auth.credentialCacheTtl", auth.credentialCacheTtl);
        if (auth.pbkdf2Iterations < 10_000) {
            fail(file, "auth.pbkdf2Iterations", "must be at least 10000");
        }
        Set<String> names = new HashSet<>();
        validateInstances(file, "sinks", sinks, names);
        validateInstances(file, "sources", sources, names);
    }

    private static void validateInstances(Path file, String key, List<PluginInstance> list, Set<String> names) {
        for (int i = 0; i < list.size(); i++) {
            PluginInstance p = list.get(i);
            String at = key + "[" + i + "]";
            if (p == null) {
                fail(file, at, "is empty");
            }
            if (p.name == null || !p.name.matches("[A-Za-z0-9_.-]{1,64}")) {
                fail(file, at + ".name", "must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (!names.add(p.name)) {
                fail(file, at + ".name", "'" + p.name + "' is used twice; instance names are unique");
            }
            if (p.type == null || p.type.isBlank()) {
                fail(file, at + ".type", "is missing: name the plugin extension type, e.g. jsonl-file");
            }
            positive(file, at + ".queueCapacity", p.queueCapacity);
            positive(file, at + ".maxAttempts", p.maxAttempts);
            positiveDuration(file, at + ".backoff", p.backoff);
            if (p.settings == null) {
                p.settings = new LinkedHashMap<>();
            }
        }
    }

    private static void checkPort(Path file, String key, int port) {
        if (port < 0 || port > 65535) {
            fail(file, key, port + " is not a port (0..65535; 0 picks a free one)");
        }
    }

    private static void positive(Path file, String key, long value) {
        if (value <= 0) {
            fail(file, key, "must be greater than 0, was " + value);
        }
    }

    private static void positiveDuration(Path file, String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            fail(file, key, "must be a positive duration such as 30s");
        }
    }

    private static void fail(Path file, String key, String problem) {
        throw new ConfigException(file + ": key '" + key + "' " + problem);
    }
}
