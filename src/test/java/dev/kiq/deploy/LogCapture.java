package dev.kiq.deploy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything a piece of code can print or log: System.out, System.err, and every
 * java.util.logging record (SLF4J goes to JUL in tests through slf4j-jdk14), with the given loggers
 * opened up to {@code level}.
 */
public final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final InputStream oldIn = System.in;
    private final List<String> records = new ArrayList<>();
    private final Handler handler;
    private final List<Logger> opened = new ArrayList<>();
    private final List<Level> oldLevels = new ArrayList<>();

    public LogCapture(Level level, String... loggers) {
        PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        SimpleFormatter formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(formatter.format(r));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
        for (String name : loggers) {
            Logger l = Logger.getLogger(name);
            opened.add(l);
            oldLevels.add(l.getLevel());
            l.setLevel(level);
        }
    }

    public void stdin(String text) {
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** All console output and log records so far. */
    public String text() {
        synchronized (records) {
            return console.toString(StandardCharsets.UTF_8) + "\n" + String.join("", records);
        }
    }

    public int recordCount() {
        synchronized (records) {
            return records.size();
        }
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.setIn(oldIn);
        Logger.getLogger("").removeHandler(handler);
        for (int i = 0; i < opened.size(); i++) {
            opened.get(i).setLevel(oldLevels.get(i));
        }
    }
}
