package org.govbus.adapter.legalentities.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.govbus.fixtures.SyntheticPeople;

/**
 * The register's made-up companies and its own JSON for them: snake_case, transliterated Russian names, status
 * codes, activities in pages. Different names and shapes from the bus's canonical schema, on purpose. Every BIN has
 * a valid check digit; none is a real company's. The directors are {@link SyntheticPeople}.
 */
public final class RegisterRecords {
    public record Activity(String oked, String name, boolean main) {}

    public record Address(String region, String locality, String street, String house, String office) {}

    /** {@code state} as the register codes it: 1 active, 2 liquidated, 3 suspended. */
    public record Company(String bin, String nameKaz, String nameRus, String legalForm, LocalDate registered, int state,
                          SyntheticPeople.Person director, Address address, List<Activity> activities) {}

    /** The register serves at most this many activities a page, whatever {@code size} asks for. */
    public static final int PAGE_SIZE = 3;

    private static final String TOO = "Товарищество с ограниченной ответственностью";

    /** Active; five activities, so two pages, and the main one on the second. */
    public static final Company DALA_DANI = new Company("040540001230", "«Дала Дәні» ЖШС", "ТОО «Дала Дани»", TOO,
            LocalDate.of(2004, 5, 14), 1, person("900101300017"),
            new Address("Акмолинская обл.", "Кокшетау", "ул. Абая", "96", "12"), List.of(
            new Activity("46210", "Оптовая торговля зерном, семенами и кормами для животных", false),
            new Activity("10611", "Производство муки", false),
            new Activity("52102", "Складирование и хранение зерна", false),
            new Activity("01111", "Выращивание зерновых и зернобобовых культур, включая семеноводство", true),
            new Activity("49410", "Деятельность грузового автомобильного транспорта", false)));

    /** Active; one page of activities. */
    public static final Company SANDYQ = new Company("150340007897", "«Сандық Технолоджис» ЖШС", "ТОО «Сандык Технолоджис»", TOO,
            LocalDate.of(2015, 3, 2), 1, person("850312400029"),
            new Address("г. Алматы", "Алматы", "пр. Аль-Фараби", "77/7", "1204"), List.of(
            new Activity("62010", "Деятельность в области компьютерного программирования", true),
            new Activity("62020", "Консультационные услуги в области информационных технологий", false)));

    /** Liquidated; no office in its address. */
    public static final Company QARAGANDY_QURYLYS = new Company("981140005673", "«Қарағанды Құрылыс» АҚ", "АО «Караганды Курылыс»",
            "Акционерное общество", LocalDate.of(1998, 11, 20), 2, person("771120300034"),
            new Address("Карагандинская обл.", "Караганда", "ул. Ерубаева", "35", null), List.of(
            new Activity("41201", "Строительство жилых зданий", true)));

    /** Suspended; its director has no patronymic, its main activity no name in the register. */
    public static final Company TURKISTAN_TOQYMA = new Company("190740002543", "«Түркістан Тоқыма» ЖШС", "ТОО «Туркестан Токыма»", TOO,
            LocalDate.of(2019, 7, 8), 3, person("020520500043"),
            new Address("Туркестанская обл.", "Туркестан", "ул. Тауке хана", "112", null), List.of(
            new Activity("13920", null, true)));

    public static final List<Company> ALL = List.of(DALA_DANI, SANDYQ, QARAGANDY_QURYLYS, TURKISTAN_TOQYMA);

    /** A valid BIN of a resident legal entity that the register does not hold: it answers NOT_FOUND. */
    public static final String UNKNOWN_BIN = "110640009875";

    /** A valid BIN whose kind of entity (6, an individual entrepreneur in a joint venture) the register refuses: INVALID_BIN. */
    public static final String REFUSED_BIN = "040560001238";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RegisterRecords() {}

    /** The company's record as {@code GET /v2/legal-entities/{bin}} answers it. */
    public static ObjectNode record(Company c) {
        ObjectNode r = JSON.objectNode();
        r.put("bin", c.bin());
        r.putObject("naimenovanie").put("kaz", c.nameKaz()).put("rus", c.nameRus());
        r.put("organizacionno_pravovaya_forma", c.legalForm());
        r.put("data_registracii", c.registered().toString());
        r.putObject("sostoyanie").put("kod", Integer.toString(c.state()))
                .put("naimenovanie", switch (c.state()) { case 1 -> "Действующее"; case 2 -> "Ликвидировано"; default -> "Приостановлено"; });
        SyntheticPeople.Person p = c.director();
        ObjectNode head = r.putObject("rukovoditel").put("iin", p.iin()).put("familiya", p.lastName()).put("imya", p.firstName());
        // the register writes null, not nothing, for a director without a patronymic
        head.put("otchestvo", p.middleName()).put("dolzhnost", "Директор");
        Address a = c.address();
        r.putObject("adres").put("oblast", a.region()).put("naselennyi_punkt", a.locality()).put("ulica", a.street())
                .put("dom", a.house()).put("ofis", a.office());
        return r;
    }

    public static int pages(Company c) { return (c.activities().size() + PAGE_SIZE - 1) / PAGE_SIZE; }

    /** One page of the company's activities as {@code GET /v2/legal-entities/{bin}/activities?page=N} answers it. */
    public static ObjectNode activities(Company c, int page) {
        ObjectNode r = JSON.objectNode();
        ArrayNode items = r.putArray("items");
        List<Activity> all = c.activities();
        for (Activity a : all.subList(Math.min(all.size(), page * PAGE_SIZE), Math.min(all.size(), (page + 1) * PAGE_SIZE))) {
            ObjectNode item = items.addObject().put("oked", a.oked());
            if (a.name() != null) item.put("naimenovanie", a.name());
            item.put("osnovnoi", a.main());
        }
        return r.put("page", page).put("total_pages", pages(c));
    }

    private static SyntheticPeople.Person person(String iin) {
        return SyntheticPeople.byIin(iin).orElseThrow(() -> new IllegalStateException("no synthetic person " + iin));
    }
}
