package org.govbus.adapter.realestate;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iin;
import org.govbus.core.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The real estate registry (GBD RN) as its database: rights-by-cadastral-number/v1 and real-estate-by-iin/v1 read
 * from the views the registry grants its integration users, in plain SQL with parameters that runs unchanged on H2
 * and PostgreSQL, and the registry's codes mapped to the canonical words. What the database does wrong becomes
 * Server.ProviderUnavailable or Server.ProviderTimeout; a record the canonical model has no word for,
 * Server.ProviderError.
 */
final class RealEstateAdapter implements Adapter {
    static final String RIGHTS_NS = "urn:govbus:service:gbd-rn:rights-by-cadastral-number:v1";
    static final String HOLDINGS_NS = "urn:govbus:service:gbd-rn:real-estate-by-iin:v1";
    private static final Logger LOG = LoggerFactory.getLogger(RealEstateAdapter.class);

    /** The registry's dictionaries, as far as the canonical model has a word for their codes. */
    private static final Map<String, String> OBJECT_KINDS = Map.of("101", "APARTMENT", "102", "HOUSE",
            "103", "NON_RESIDENTIAL_PREMISES", "104", "PARKING_SPACE", "201", "LAND_PLOT");
    private static final Map<String, String> RIGHT_KINDS = Map.of("01", "OWNERSHIP", "02", "SHARED_OWNERSHIP", "03", "JOINT_OWNERSHIP");
    private static final Map<String, String> ENCUMBRANCE_KINDS = Map.of("11", "MORTGAGE", "12", "ARREST", "13", "LEASE", "14", "DISPOSAL_BAN");
    /** subject type code to the canonical element that holds its identifier: 1 a person's IIN, 2 an entity's BIN */
    private static final Map<String, String> SUBJECT_IDS = Map.of("1", "iin", "2", "bin");
    private static final String PERSON = "1";
    private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

    private static final String OBJECT_BY_NUMBER =
            "SELECT object_id, cadastral_no, obj_kind_cd, address_ru, area_total FROM v_int_object WHERE cadastral_no = ?";
    private static final String RIGHTS_OF_OBJECT =
            "SELECT right_type_cd, share_num, share_den, reg_date, subj_type_cd, iin_bin, full_name FROM v_int_right"
            + " WHERE object_id = ? ORDER BY reg_date, right_id";
    private static final String ENCUMBRANCES_OF_OBJECT =
            "SELECT object_id, enc_type_cd, date_from, date_to, holder_type_cd, holder_iin_bin, holder_name FROM v_int_encumbrance"
            + " WHERE object_id = ? ORDER BY date_from, enc_id";
    private static final String HOLDINGS_OF_PERSON =
            "SELECT o.object_id, o.cadastral_no, o.obj_kind_cd, o.address_ru, o.area_total, r.right_type_cd, r.share_num,"
            + " r.share_den, r.reg_date FROM v_int_right r JOIN v_int_object o ON o.object_id = r.object_id"
            + " WHERE r.subj_type_cd = ? AND r.iin_bin = ? ORDER BY o.cadastral_no, r.reg_date, r.right_id";
    private static final String ENCUMBRANCES_OF_PERSON =
            "SELECT e.object_id, e.enc_type_cd, e.date_from, e.date_to, e.holder_type_cd, e.holder_iin_bin, e.holder_name"
            + " FROM v_int_encumbrance e WHERE e.object_id IN"
            + " (SELECT r.object_id FROM v_int_right r WHERE r.subj_type_cd = ? AND r.iin_bin = ?)"
            + " ORDER BY e.object_id, e.date_from, e.enc_id";

    private final DataSource registry;

    RealEstateAdapter(DataSource registry) { this.registry = registry; }

    @Override
    public byte[] call(AdapterRequest request) {
        Element root = SecureXml.parse(request.payload()).getDocumentElement();
        long deadline = System.nanoTime() + request.timeout().toNanos();
        if (RIGHTS_NS.equals(root.getNamespaceURI()) && "rightsByCadastralNumberRequest".equals(root.getLocalName())) {
            return rights(value(root, "cadastralNumber"), deadline);
        }
        if (HOLDINGS_NS.equals(root.getNamespaceURI()) && "realEstateByIinRequest".equals(root.getLocalName())) {
            String iin = value(root, "iin");
            // the registry would only answer "nothing registered": a certificate of absence for a mistyped IIN
            if (!Iin.isValid(iin)) throw new BusException(FaultCode.INVALID_MESSAGE, "the IIN's check digit is wrong");
            return holdings(iin, deadline);
        }
        throw new BusException(FaultCode.INVALID_MESSAGE, "not a request of the real estate registry's services");
    }

    private byte[] rights(String cadastralNumber, long deadline) {
        Element answer = answer(RIGHTS_NS, "rightsByCadastralNumberResponse");
        read(connection -> {
            Element object;
            int objectId;
            try (PreparedStatement s = prepare(connection, OBJECT_BY_NUMBER, deadline, cadastralNumber); ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    add(answer, "found", "false");
                    return;
                }
                add(answer, "found", "true");
                objectId = rs.getInt("object_id");
                object = object(answer, rs);
            }
            try (PreparedStatement s = prepare(connection, RIGHTS_OF_OBJECT, deadline, objectId); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Element right = add(object, "right", null);
                    party(right, "owner", rs.getString("subj_type_cd"), rs.getString("iin_bin"), rs.getString("full_name"));
                    right(right, rs);
                }
            }
            try (PreparedStatement s = prepare(connection, ENCUMBRANCES_OF_OBJECT, deadline, objectId); ResultSet rs = s.executeQuery()) {
                while (rs.next()) encumbrance(object, rs);
            }
        });
        return SecureXml.toBytes(answer.getOwnerDocument());
    }

    private byte[] holdings(String iin, long deadline) {
        Element answer = answer(HOLDINGS_NS, "realEstateByIinResponse");
        Element hasRealEstate = add(answer, "hasRealEstate", null);
        Map<Integer, Element> objects = new LinkedHashMap<>();
        read(connection -> {
            try (PreparedStatement s = prepare(connection, HOLDINGS_OF_PERSON, deadline, PERSON, iin); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Element object = objects.get(rs.getInt("object_id"));
                    if (object == null) {
                        object = object(answer, rs);
                        objects.put(rs.getInt("object_id"), object);
                    }
                    right(add(object, "right", null), rs);
                }
            }
            if (objects.isEmpty()) return;
            try (PreparedStatement s = prepare(connection, ENCUMBRANCES_OF_PERSON, deadline, PERSON, iin); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // every right comes before any encumbrance in the canonical object: these are appended after them
                    Element object = objects.get(rs.getInt("object_id"));
                    if (object != null) encumbrance(object, rs);
                }
            }
        });
        hasRealEstate.setTextContent(Boolean.toString(!objects.isEmpty()));
        return SecureXml.toBytes(answer.getOwnerDocument());
    }

    private interface Reading {
        void read(Connection connection) throws SQLException;
    }

    /**
     * One snapshot of the registry: a certificate must not show a right from before a registration and an
     * encumbrance from after it, so the statements share one repeatable-read transaction.
     */
    private void read(Reading reading) {
        try (Connection connection = registry.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            // the pool rolls back and restores the connection's settings when it is handed back, also after a failure
            reading.read(connection);
            connection.commit();
        } catch (SQLException e) {
            throw fault(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, long deadline, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(seconds(deadline));
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Integer n) statement.setInt(i + 1, n);
                else statement.setString(i + 1, (String) parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * JDBC counts whole seconds, and 0 means no limit: what is left, rounded down so the database gives up before
     * the bus stops waiting, and at least one.
     */
    static int seconds(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new BusException(FaultCode.PROVIDER_TIMEOUT, "the real estate registry's database did not answer in time");
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(left)));
    }

    /** The driver's and the pool's exceptions, by kind; never their messages, which may quote the data. */
    static BusException fault(SQLException e) {
        if (unreachable(e)) {
            return new BusException(FaultCode.PROVIDER_UNAVAILABLE,
                    "the real estate registry's database cannot be reached (SQLState " + e.getSQLState() + ")");
        }
        if (e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())) {
            // 57014 is "query canceled": what PostgreSQL and H2 say when the query timeout cancels a statement
            return new BusException(FaultCode.PROVIDER_TIMEOUT, "the real estate registry's database did not answer in time");
        }
        LOG.warn("the real estate registry's database failed: SQLState {}, vendor code {}", e.getSQLState(), e.getErrorCode());
        return new BusException(FaultCode.PROVIDER_UNAVAILABLE,
                "the real estate registry's database failed (SQLState " + e.getSQLState() + ")");
    }

    /** No connection to be had (the pool's wait ran out too) or the one in use broke: SQLState class 08 and its like. */
    private static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) return true;
        }
        return false;
    }

    private static Element object(Element parent, ResultSet rs) throws SQLException {
        Element object = add(parent, "object", null);
        add(object, "cadastralNumber", required(rs.getString("cadastral_no"), "an object without a cadastral number"));
        add(object, "kind", code(OBJECT_KINDS, rs.getString("obj_kind_cd"), "object kind"));
        add(object, "address", required(rs.getString("address_ru"), "an object without an address"));
        BigDecimal area = rs.getBigDecimal("area_total");
        if (area != null) add(object, "area", area.toPlainString());
        return object;
    }

    /** The right's kind, share and registration date, which both services show alike. */
    private static void right(Element right, ResultSet rs) throws SQLException {
        add(right, "kind", code(RIGHT_KINDS, rs.getString("right_type_cd"), "right kind"));
        long numerator = rs.getLong("share_num");
        boolean noNumerator = rs.wasNull();
        long denominator = rs.getLong("share_den");
        boolean noDenominator = rs.wasNull();
        if (!noNumerator || !noDenominator) {
            if (noNumerator || noDenominator || numerator <= 0 || denominator <= 0 || numerator > denominator) {
                throw unreadable("a right with an impossible share");
            }
            Element share = add(right, "share", null);
            add(share, "numerator", Long.toString(numerator));
            add(share, "denominator", Long.toString(denominator));
        }
        add(right, "registeredOn", date(rs, "reg_date"));
    }

    private static void encumbrance(Element object, ResultSet rs) throws SQLException {
        Element encumbrance = add(object, "encumbrance", null);
        add(encumbrance, "kind", code(ENCUMBRANCE_KINDS, rs.getString("enc_type_cd"), "encumbrance kind"));
        party(encumbrance, "holder", rs.getString("holder_type_cd"), rs.getString("holder_iin_bin"), rs.getString("holder_name"));
        add(encumbrance, "from", date(rs, "date_from"));
        if (rs.getObject("date_to") != null) add(encumbrance, "until", date(rs, "date_to"));
    }

    private static void party(Element parent, String name, String typeCode, String id, String fullName) {
        String idElement = code(SUBJECT_IDS, typeCode, "subject type");
        if (id == null || !TWELVE_DIGITS.matcher(id).matches()) throw unreadable("a subject whose IIN or BIN is not 12 digits");
        Element party = add(parent, name, null);
        add(party, idElement, id);
        add(party, "name", required(fullName, "a subject without a name"));
    }

    private static String date(ResultSet rs, String column) throws SQLException {
        LocalDate date = rs.getObject(column, LocalDate.class);
        return required(date == null ? null : date.toString(), "a record without its date");
    }

    /** The canonical word for one of the registry's codes; the code itself is no personal data, so the reason names it. */
    private static String code(Map<String, String> dictionary, String code, String what) {
        String word = code == null ? null : dictionary.get(code.trim());
        if (word == null) throw unreadable("unknown " + what + " code " + (code == null ? "(none)" : "'" + code.trim() + "'"));
        return word;
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) throw unreadable(what);
        return value.trim();
    }

    private static BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the real estate registry's record is not understood: " + what);
    }

    /** The text of the request's one field; the bus has checked the payload against its schema already. */
    private static String value(Element request, String localName) {
        var found = request.getElementsByTagNameNS(request.getNamespaceURI(), localName);
        if (found.getLength() != 1) throw new BusException(FaultCode.INVALID_MESSAGE, "the request has no " + localName);
        return found.item(0).getTextContent().trim();
    }

    private static Element answer(String namespace, String element) {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS(namespace, "p:" + element);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:p", namespace);
        doc.appendChild(root);
        return root;
    }

    /** A child in the parent's namespace, appended last: callers add children in the schema's sequence order. */
    private static Element add(Element parent, String localName, String text) {
        Element child = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), "p:" + localName);
        if (text != null) child.setTextContent(text);
        parent.appendChild(child);
        return child;
    }
}
