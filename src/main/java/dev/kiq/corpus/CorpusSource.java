package dev.kiq.corpus;

import java.util.Optional;

/**
 * One independent source of published measurements: one file of the corpus.
 *
 * @param id        the file's name without {@code .yaml}; leave-one-source-out leaves out one id
 * @param publisher who published it, e.g. {@code vLLM project}, {@code Google Cloud}
 * @param title     what it is, e.g. a blog post's title or an issue's title
 * @param location  where to find it: a URL, or {@code owner/repo:path@commit}
 * @param date      publication date (ISO), if known
 * @param file      the file it was read from, for messages
 */
public record CorpusSource(String id, String publisher, String title, String location, Optional<String> date, String file) {
}
