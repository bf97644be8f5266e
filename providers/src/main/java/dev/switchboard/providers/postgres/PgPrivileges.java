package dev.switchboard.providers.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what one role holds, straight from the catalogs' ACLs with {@code aclexplode}: only privileges granted
 * to the role itself count, never those it enjoys through PUBLIC (which {@code has_*_privilege} would include)
 * or through membership in other roles. The grant words are described on {@link PostgresProvider#observe}.
 * Every query binds names as parameters.
 */
final class PgPrivileges {
    private static final String ROLE_OID = "(select oid from pg_catalog.pg_roles where rolname = ?)";

    private static final String DATABASE_SQL = "select case a.privilege_type when 'CONNECT' then 'CONNECT'"
            + " when 'TEMPORARY' then 'TEMP' else 'DATABASE:' || a.privilege_type end"
            + " from pg_catalog.pg_database d cross join lateral aclexplode(d.datacl) a"
            + " where d.datname = current_database() and a.grantee = " + ROLE_OID;

    private static final String SCHEMA_SQL = "select 'SCHEMA:' || a.privilege_type"
            + " from pg_catalog.pg_namespace n cross join lateral aclexplode(n.nspacl) a"
            + " where n.nspname = ? and a.grantee = " + ROLE_OID;

    /** A TABLES:/SEQUENCES: word only when the role holds that privilege on every such relation (and there is one). */
    private static final String RELATIONS_SQL = "with rel as ("
            + "select case when c.relkind = 'S' then 'SEQUENCES' else 'TABLES' end as kind, c.oid, c.relacl"
            + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname = ? and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')),"
            + " totals as (select kind, count(*) as total from rel group by kind)"
            + " select r.kind || ':' || a.privilege_type"
            + " from rel r cross join lateral aclexplode(r.relacl) a join totals t on t.kind = r.kind"
            + " where a.grantee = " + ROLE_OID
            + " group by r.kind, a.privilege_type, t.total having count(distinct r.oid) = t.total";

    private PgPrivileges() {
    }

    /** The role's attributes as words (SUPERUSER, CREATEDB, CREATEROLE, LOGIN, REPLICATION, BYPASSRLS, INHERIT), or empty when absent. */
    static Optional<Set<String>> attributes(Connection c, String login) throws SQLException {
        String sql = "select rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication, rolbypassrls, rolinherit"
                + " from pg_catalog.pg_roles where rolname = ?";
        String[] words = {"SUPERUSER", "CREATEDB", "CREATEROLE", "LOGIN", "REPLICATION", "BYPASSRLS", "INHERIT"};
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Set<String> attributes = new TreeSet<>();
                for (int i = 0; i < words.length; i++) if (rs.getBoolean(i + 1)) attributes.add(words[i]);
                return Optional.of(attributes);
            }
        }
    }

    /** The grant words for {@code login} on the current database and {@code schema}, given the default-privilege creators. */
    static Set<String> grants(Connection c, String login, String schema, List<String> creators) throws SQLException {
        Set<String> words = new TreeSet<>();
        words.addAll(strings(c, DATABASE_SQL, login));
        words.addAll(strings(c, SCHEMA_SQL, schema, login));
        words.addAll(strings(c, RELATIONS_SQL, schema, login));
        if (!creators.isEmpty()) words.addAll(defaults(c, login, schema, creators));
        return words;
    }

    /** DEFAULT: words held for objects created by every one of {@code creators} in the schema. */
    private static Set<String> defaults(Connection c, String login, String schema, List<String> creators) throws SQLException {
        String sql = "select 'DEFAULT:' || case d.defaclobjtype when 'r' then 'TABLES' when 'S' then 'SEQUENCES'"
                + " when 'f' then 'FUNCTIONS' when 'T' then 'TYPES' else 'SCHEMAS' end || ':' || a.privilege_type"
                + " from pg_catalog.pg_default_acl d join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace"
                + " join pg_catalog.pg_roles owner on owner.oid = d.defaclrole"
                + " cross join lateral aclexplode(d.defaclacl) a"
                + " where n.nspname = ? and a.grantee = " + ROLE_OID + " and owner.rolname = any(?)"
                + " group by 1 having count(distinct d.defaclrole) = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array names = c.createArrayOf("text", creators.toArray());
            ps.setString(1, schema);
            ps.setString(2, login);
            ps.setArray(3, names);
            ps.setInt(4, creators.size());
            return collect(ps);
        }
    }

    /**
     * The roles whose new tables and sequences the login's default privileges cover: the administrator itself and
     * the database's owner, the latter only when the administrator may act for it (ALTER DEFAULT PRIVILEGES FOR
     * ROLE requires membership).
     */
    static List<String> creators(Connection c) throws SQLException {
        String sql = "select current_user::text union select r.rolname::text from pg_catalog.pg_database d"
                + " join pg_catalog.pg_roles r on r.oid = d.datdba"
                + " where d.datname = current_database() and pg_has_role(current_user, r.oid, 'MEMBER') order by 1";
        return new ArrayList<>(strings(c, sql));
    }

    /** Roles whose default privileges in the schema mention {@code login} and for which the administrator may act. */
    static List<String> defaultAclOwners(Connection c, String login, String schema) throws SQLException {
        String sql = "select distinct r.rolname::text from pg_catalog.pg_default_acl d"
                + " join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace"
                + " join pg_catalog.pg_roles r on r.oid = d.defaclrole cross join lateral aclexplode(d.defaclacl) a"
                + " where n.nspname = ? and a.grantee = " + ROLE_OID
                + " and pg_has_role(current_user, r.oid, 'MEMBER') order by 1";
        return new ArrayList<>(strings(c, sql, schema, login));
    }

    /** Whether the role holds any privilege of its own on the current database, the schema or anything in it. */
    static boolean holdsAny(Connection c, String login, String schema) throws SQLException {
        String sql = "select exists (select 1 from pg_catalog.pg_database d cross join lateral aclexplode(d.datacl) a"
                + "   where d.datname = current_database() and a.grantee = " + ROLE_OID + ")"
                + " or exists (select 1 from pg_catalog.pg_namespace n cross join lateral aclexplode(n.nspacl) a"
                + "   where n.nspname = ? and a.grantee = " + ROLE_OID + ")"
                + " or exists (select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                + "   cross join lateral aclexplode(c.relacl) a where n.nspname = ? and a.grantee = " + ROLE_OID + ")"
                + " or exists (select 1 from pg_catalog.pg_default_acl d join pg_catalog.pg_namespace n"
                + "   on n.oid = d.defaclnamespace cross join lateral aclexplode(d.defaclacl) a"
                + "   where n.nspname = ? and a.grantee = " + ROLE_OID + ")";
        return bool(c, sql, login, schema, login, schema, login, schema, login);
    }

    /** The relation kinds (TABLES, SEQUENCES) of which the schema has at least one. */
    static Set<String> relationKinds(Connection c, String schema) throws SQLException {
        String sql = "select distinct case when c.relkind = 'S' then 'SEQUENCES' else 'TABLES' end"
                + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = ? and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')";
        return strings(c, sql, schema);
    }

    static boolean schemaExists(Connection c, String schema) throws SQLException {
        return !strings(c, "select nspname::text from pg_catalog.pg_namespace where nspname = ?", schema).isEmpty();
    }

    /** Runs {@code sql} with string parameters and returns the first column of every row. */
    static Set<String> strings(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
            return collect(ps);
        }
    }

    static boolean bool(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static Set<String> collect(PreparedStatement ps) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
