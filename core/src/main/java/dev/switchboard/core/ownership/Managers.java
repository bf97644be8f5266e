package dev.switchboard.core.ownership;

/** The names managers go by in a ledger: who wrote a field, in words a user recognises. */
public final class Managers {
    /** Direct writes through the API or the CLI, whoever the caller. */
    public static final String USER = "user";
    private static final String DEPLOYMENT = "deployment/";
    private static final String CONNECTION = "connection/";

    private Managers() { }

    public static String deployment(String name) {
        return DEPLOYMENT + name;
    }

    public static String connection(String linkerName) {
        return CONNECTION + linkerName;
    }

    public static boolean isConnection(String manager) {
        return manager.startsWith(CONNECTION);
    }

    /** The connection's name, for a connection manager. */
    public static String connectionName(String manager) {
        return manager.substring(CONNECTION.length());
    }
}
