package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.deploy.HfToken;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Gets the Hugging Face token from an environment variable or stdin, never from the command line. */
final class TokenSource {

    private TokenSource() {
    }

    static Optional<HfToken> read(String envVar, boolean stdin, InputStream in) {
        if (envVar != null) {
            String value = System.getenv(envVar);
            if (value == null || value.isBlank()) {
                throw new KiqException("The environment variable " + envVar + " is not set or empty; export it with "
                        + "your Hugging Face token, or use --hf-token-stdin.");
            }
            char[] chars = value.toCharArray();
            try {
                return Optional.of(HfToken.of(chars));
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        if (stdin) {
            Console console = System.console();
            char[] chars = console != null
                    ? console.readPassword("Hugging Face token (input hidden): ")
                    : readLine(in);
            if (chars == null) {
                throw new KiqException("No Hugging Face token on stdin; pipe it in, e.g. `cat token.txt | kiq deploy ... --hf-token-stdin`.");
            }
            try {
                return Optional.of(HfToken.of(chars));
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        return Optional.empty();
    }

    /** One line of stdin as characters, without ever making a String of it. */
    private static char[] readLine(InputStream in) {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buf = new char[256];
        int n = 0;
        try {
            int c;
            while ((c = reader.read()) >= 0 && c != '\n') {
                if (n == buf.length) {
                    char[] bigger = Arrays.copyOf(buf, buf.length * 2);
                    Arrays.fill(buf, '\0');
                    buf = bigger;
                }
                buf[n++] = (char) c;
            }
        } catch (IOException e) {
            throw new KiqException("Cannot read the Hugging Face token from stdin: " + e.getMessage());
        }
        if (n == 0) {
            return null;
        }
        char[] line = Arrays.copyOf(buf, n);
        Arrays.fill(buf, '\0');
        return line;
    }
}
