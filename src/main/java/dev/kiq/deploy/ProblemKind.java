package dev.kiq.deploy;

/** The failures a deploy can meet, each reported with what to do about it. */
public enum ProblemKind {
    UNREACHABLE,
    TIMEOUT,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    INVALID,
    QUOTA_EXCEEDED,
    INSUFFICIENT_ACCELERATOR,
    UNSCHEDULABLE,
    IMAGE_PULL,
    CRASH_LOOP,
    MISSING_SECRET,
    ROLLOUT_STUCK,
    SERVER_ERROR,
    CANCELLED,
    OTHER
}
