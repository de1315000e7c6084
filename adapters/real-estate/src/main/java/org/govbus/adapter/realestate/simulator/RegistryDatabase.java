package org.govbus.adapter.realestate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's database as SQL scripts on the classpath ({@code gbd-rn/*.sql}), in SQL that H2 and PostgreSQL both
 * run: the H2 simulator and the tests' PostgreSQL load the very same files, so the adapter's SQL meets one schema.
 */
public final class RegistryDatabase {
    /** the user the registry grants its integration views to, as the bus connects */
    public static final String INTEGRATION_USER = "govbus_int";
    /** the view every request of both services reads first: where a simulator makes the registry slow or broken */
    public static final String OBJECT_VIEW = "v_int_object";
    /** {@link #OBJECT_VIEW}'s columns, for a simulator that redefines it */
    public static final String OBJECT_COLUMNS = "o.object_id, o.cadastral_no, o.obj_kind_cd, o.address_ru, o.area_total";

    private RegistryDatabase() {}

    /** Drops and makes again the tables, views and grants, and loads the synthetic records. */
    public static void reset(Connection owner) throws SQLException {
        run(owner, "gbd-rn/drop.sql");
        run(owner, "gbd-rn/schema.sql");
        run(owner, "gbd-rn/data.sql");
    }

    /** Puts in records the adapter cannot map, one kind of fault per object (see the file). */
    public static void corrupt(Connection owner) throws SQLException { run(owner, "gbd-rn/malformed.sql"); }

    /** A database error on every request: the object view gone, as after a botched migration. */
    public static void breakObjectView(Connection owner) throws SQLException { execute(owner, List.of("DROP VIEW " + OBJECT_VIEW)); }

    /** Replaces the object view by one filtered by {@code condition}, e.g. a delay, and grants it again. */
    public static void redefineObjectView(Connection owner, String condition) throws SQLException {
        execute(owner, List.of("DROP VIEW " + OBJECT_VIEW,
                "CREATE VIEW " + OBJECT_VIEW + " AS SELECT " + OBJECT_COLUMNS + " FROM rn_object o WHERE " + condition,
                "GRANT SELECT ON " + OBJECT_VIEW + " TO " + INTEGRATION_USER));
    }

    /** Runs every statement of a script from the classpath. */
    public static void run(Connection owner, String resource) throws SQLException { execute(owner, statements(read(resource))); }

    private static void execute(Connection owner, List<String> statements) throws SQLException {
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement s = owner.createStatement()) {
            for (String sql : statements) s.execute(sql);
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /** The statements of a script: split at semicolons, less {@code --} comments, quotes respected. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (!quoted && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') i++;
                current.append('\n');
            } else if (!quoted && c == ';') {
                if (!current.toString().isBlank()) out.add(current.toString().trim());
                current.setLength(0);
            } else {
                if (c == '\'') quoted = !quoted;
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().trim());
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = RegistryDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
