package dev.kiq.settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.regex.Pattern;

/**
 * Where kiq's log records go. kiq and its libraries (fabric8 and Vert.x through SLF4J's slf4j-jdk14 provider,
 * JavaFX through {@link System.Logger}) all log to java.util.logging; this sets it up once (the command line's when
 * the first record is logged):
 * <ul>
 *   <li>the console (stderr) gets warnings and errors only, one line each, without stack traces: the CLI's own
 *       {@code ERROR:} line already tells the user what went wrong;</li>
 *   <li>the desktop app also keeps {@code kiq-0.log} (the newest) and {@code kiq-1.log} ({@value #FILE_LIMIT}
 *       bytes each at most) in {@code logs/} of the user's data folder, with info records and stack traces, to
 *       attach to a bug report.</li>
 * </ul>
 * {@value #LEVEL_ENV}={@code off|error|warning|info|debug} changes the level of both. Libraries never log
 * below info (their debug records can carry request headers); every line is passed through {@link #redact}, which
 * masks Hugging Face tokens, bearer tokens and passwords should any message carry one.
 */
public final class Logs {

    public static final String LEVEL_ENV = "KIQ_LOG";
    /** java.util.logging's file pattern: {@code %g} is the generation, 0 the newest. */
    static final String FILE_PATTERN = "kiq-%g.log";
    static final int FILE_LIMIT = 1_000_000;
    /** The loggers of kiq's own code; everything else is a library. */
    static final String KIQ = "dev.kiq";

    /** The patterns of what {@link #redact} masks, compiled when the first line is logged. */
    private static final class Secrets {
        static final Pattern HF_TOKEN = Pattern.compile("\\bhf_[A-Za-z0-9]{8,}");
        static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
        static final Pattern SECRET_FIELD = Pattern.compile(
                "(?i)((?:token|password|passwd|secret|client-key-data|client-certificate-data)\"?\\s*[:=]\\s*\"?)[^\\s\",}]+");
    }

    private Logs() {
    }

    /**
     * The command line: warnings and errors on stderr, one line each. Set up when something first logs (java.util.logging
     * reads {@link CommandLineConfig} then): most verbs never log, and setting java.util.logging up costs a short command
     * a noticeable part of its start-up.
     */
    public static void forCommandLine() {
        System.setProperty("java.util.logging.config.class", CommandLineConfig.class.getName());
    }

    /**
     * java.util.logging's configuration class for the command line ({@code java.util.logging.config.class}): the
     * root logger gets one {@link Console} handler on stderr at warning, or at {@value #LEVEL_ENV}'s level when higher.
     */
    public static final class CommandLineConfig {
        public CommandLineConfig() throws IOException {
            Level console = consoleLevel(level(System.getenv()));
            String properties = "handlers=" + Console.class.getName() + "\n"
                    + ".level=" + atLeast(console, Level.INFO).getName() + "\n"
                    + KIQ + ".level=" + console.getName() + "\n";
            LogManager.getLogManager().readConfiguration(
                    new java.io.ByteArrayInputStream(properties.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** One line per record on a stream that is never closed (stderr), flushed at each record. */
    public static final class Console extends StreamHandler {

        /** On stderr, at the command line's console level (what {@link CommandLineConfig} names). */
        public Console() {
            this(System.err, consoleLevel(level(System.getenv())));
        }

        Console(PrintStream stream, Level level) {
            super(stream, new OneLine());
            setLevel(level);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        /** Never closes the stream: it is stderr (java.util.logging closes handlers on reset and at exit). */
        @Override
        public synchronized void close() {
            flush();
        }
    }

    private static Level consoleLevel(Level level) {
        return level.intValue() > Level.WARNING.intValue() ? level : Level.WARNING;
    }

    /**
     * The desktop app: as {@link #forCommandLine()}, plus the log file in {@code logs/} of the user's data
     * folder. A log file that cannot be opened (read-only home) leaves the console alone; the app still starts.
     *
     * @return the log file, if it could be opened
     */
    public static Optional<Path> forDesktop(UserFolders folders) {
        Level level = level(System.getenv());
        Path dir = folders.dataDir().resolve("logs");
        Optional<Path> file = Optional.of(dir.resolve(FILE_PATTERN));
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            file = Optional.empty();
        }
        Optional<Path> opened = configure(Logger.getLogger(""), System.err, file, level);
        // an exception nothing caught (on the JavaFX thread, say) goes to the log file with its stack trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> Logger.getLogger(KIQ)
                .log(Level.SEVERE, "unexpected error on thread " + thread.getName() + ": " + e, e));
        return opened;
    }

    /**
     * Replaces {@code root}'s handlers with a one-line console handler at warning (or {@code level} when it is
     * higher) and, when {@code pattern} is given, a file handler at {@code level} (info unless asked otherwise)
     * writing to that java.util.logging file pattern, in two generations.
     *
     * @return the newest log file, if it could be opened
     */
    static Optional<Path> configure(Logger root, PrintStream console, Optional<Path> pattern, Level level) {
        if (root.getName().isEmpty()) {
            LogManager.getLogManager().reset();
        }
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        Level consoleLevel = consoleLevel(level);
        root.addHandler(new Console(console, consoleLevel));
        Optional<Path> opened = Optional.empty();
        if (pattern.isPresent()) {
            try {
                FileHandler onFile = new FileHandler(pattern.get().toString(), FILE_LIMIT, 2, true);
                onFile.setEncoding("UTF-8");
                onFile.setFormatter(new WithStackTrace());
                onFile.setLevel(level);
                root.addHandler(onFile);
                opened = Optional.of(pattern.get().resolveSibling(pattern.get().getFileName().toString().replace("%g", "0")));
            } catch (IOException | SecurityException e) {
                console.println("WARNING: kiq cannot write its log file in " + pattern.get().getParent() + ": "
                        + e.getMessage());
            }
        }
        Level lowest = opened.isPresent() ? level : consoleLevel;
        if (root.getName().isEmpty()) {
            root.setLevel(atLeast(lowest, Level.INFO));
            Logger.getLogger(KIQ).setLevel(lowest);
        } else {
            root.setLevel(lowest);
        }
        return opened;
    }

    /** The level {@value #LEVEL_ENV} asks for; info when unset or not understood. */
    static Level level(Map<String, String> env) {
        String v = Optional.ofNullable(env.get(LEVEL_ENV)).orElse("").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "off" -> Level.OFF;
            case "error" -> Level.SEVERE;
            case "warning", "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace", "all" -> Level.ALL;
            default -> Level.INFO;
        };
    }

    private static Level atLeast(Level level, Level floor) {
        return level.intValue() < floor.intValue() ? floor : level;
    }

    /** {@code text} with Hugging Face tokens, bearer tokens and secret-looking fields masked. */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String s = Secrets.HF_TOKEN.matcher(text).replaceAll("hf_***");
        s = Secrets.BEARER.matcher(s).replaceAll("$1***");
        return Secrets.SECRET_FIELD.matcher(s).replaceAll("$1***");
    }

    private static String levelName(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    /** {@code LEVEL: message (cause)} on one line, for the console. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder line = new StringBuilder(levelName(r.getLevel())).append(": ").append(formatMessage(r));
            if (r.getThrown() != null) {
                Throwable t = r.getThrown();
                line.append(" (").append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName()).append(')');
            }
            return redact(line.toString().replace('\n', ' ').replace('\r', ' ')) + System.lineSeparator();
        }
    }

    /** Time, level, logger, thread, message and stack trace, for the log file. */
    static final class WithStackTrace extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                .withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord r) {
            StringBuilder s = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(levelName(r.getLevel())).append(' ')
                    .append(r.getLoggerName()).append(" [").append(r.getLongThreadID()).append("] ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            for (Throwable t = r.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                s.append(t == r.getThrown() ? "" : "Caused by: ").append(t).append(System.lineSeparator());
                for (StackTraceElement e : t.getStackTrace()) {
                    s.append("\tat ").append(e).append(System.lineSeparator());
                }
            }
            return redact(s.toString());
        }
    }
}
