package dev.kiq;

/** The version of this build, from the jar manifest (or "dev" when run from classes). */
public final class Version {

    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** What {@code kiq --version} prints. */
    public static String line() {
        return "kiq " + current();
    }

    /** Whether a command line asks for the version alone ({@code kiq --version} or {@code kiq -V}). */
    public static boolean askedAlone(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }
}
