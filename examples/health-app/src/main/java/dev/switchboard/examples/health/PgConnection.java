package dev.switchboard.examples.health;

/**
 * One PostgreSQL connection found in the environment.
 *
 * @param name        {@code default}, or the lower-cased infix of {@code AZURE_POSTGRESQL_<CONN>_…}
 * @param shape       how it was configured: jdbc, libpq, dotnet, split, django or spring
 * @param sslMode     a pgjdbc/libpq sslmode (disable, allow, prefer, require, verify-ca, verify-full)
 * @param configError set when the configuration could not be understood; never contains a secret
 */
public record PgConnection(String name, String shape, String host, int port, String database, String user,
                           String password, String sslMode, String configError) {

    public static final int DEFAULT_PORT = 5432;

    static PgConnection invalid(String name, String shape, String error) {
        return new PgConnection(name, shape, null, DEFAULT_PORT, null, null, null, null, error);
    }

    /** JDBC URL without credentials or sslmode (those travel as connection properties). */
    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + (database == null ? "" : database);
    }

    @Override
    public String toString() { // never print the password
        return "PgConnection[name=" + name + ", shape=" + shape + ", host=" + host + ", port=" + port
                + ", database=" + database + ", user=" + user + ", password=" + (password == null ? "<none>" : "***")
                + ", sslMode=" + sslMode + (configError == null ? "" : ", configError=" + configError) + "]";
    }
}
