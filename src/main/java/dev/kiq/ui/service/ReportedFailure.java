package dev.kiq.ui.service;

import dev.kiq.KiqException;

/**
 * A deploy that failed after the core reported the failure (what went wrong, what to do, what is applied) as lines
 * of the progress list: the page says it there once, not again under the list.
 */
public final class ReportedFailure extends KiqException {

    public ReportedFailure(String message) {
        super(message);
    }
}
