package org.govbus.adapter.realestate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
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

    /** A person (a new subject) holding {@code objects} flats of one new Astana building outright, each since its own day. */
    static void addHoldings(Connection owner, String iin, String fullName, int objects) throws SQLException {
        inTransaction(owner, () -> {
            try (Statement ids = owner.createStatement();
                 ResultSet next = ids.executeQuery("SELECT (SELECT COALESCE(MAX(subject_id), 0) + 1 FROM rn_subject),"
                         + " (SELECT COALESCE(MAX(object_id), 0) + 1 FROM rn_object), (SELECT COALESCE(MAX(right_id), 0) + 1 FROM rn_right)");
                 PreparedStatement subject = owner.prepareStatement(
                         "INSERT INTO rn_subject (subject_id, subj_type_cd, iin_bin, full_name) VALUES (?, '1', ?, ?)");
                 PreparedStatement object = owner.prepareStatement(
                         "INSERT INTO rn_object (object_id, cadastral_no, obj_kind_cd, address_ru, area_total) VALUES (?, ?, '101', ?, ?)");
                 PreparedStatement right = owner.prepareStatement("INSERT INTO rn_right (right_id, object_id, subject_id, right_type_cd,"
                         + " share_num, share_den, reg_date) VALUES (?, ?, ?, '01', 1, 1, ?)")) {
                next.next();
                int subjectId = next.getInt(1);
                int firstObject = next.getInt(2);
                int firstRight = next.getInt(3);
                subject.setInt(1, subjectId);
                subject.setString(2, iin);
                subject.setString(3, fullName);
                subject.executeUpdate();
                for (int i = 0; i < objects; i++) {
                    object.setInt(1, firstObject + i);
                    object.setString(2, "21:320:061:" + subjectId + ":1/" + (i + 1));
                    object.setString(3, "г. Астана, район Нура, пр. Кабанбай батыра, д. " + subjectId + ", кв. " + (i + 1));
                    object.setBigDecimal(4, BigDecimal.valueOf(3800 + i % 97 * 17, 2));
                    object.addBatch();
                    right.setInt(1, firstRight + i);
                    right.setInt(2, firstObject + i);
                    right.setInt(3, subjectId);
                    right.setDate(4, Date.valueOf(LocalDate.of(2024, 1, 1).plusDays(i % 700)));
                    right.addBatch();
                }
                object.executeBatch();
                right.executeBatch();
            }
        });
    }

    private static void execute(Connection owner, List<String> statements) throws SQLException {
        inTransaction(owner, () -> {
            try (Statement s = owner.createStatement()) {
                for (String sql : statements) s.execute(sql);
            }
        });
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection owner, Work work) throws SQLException {
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try {
            work.run();
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
