package org.govbus.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.adapter.Settlements;
import org.govbus.core.async.KeyedCalls;
import org.govbus.core.config.BusConfig;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.log.LogStore;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.ServiceRoute;
import org.govbus.core.xml.ServiceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code govbus payments …}: the bus's record of payments against the agencies' own books. */
@Command(name = "payments", mixinStandardHelpOptions = true, description = "Reconcile the bus's record of payments with the payment agencies' statements.",
        subcommands = {PaymentsCommand.Reconcile.class})
final class PaymentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** One difference between the two sides, for one payment reference. */
    record Mismatch(String provider, String reference, String kind, String detail) {}

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"Compares, for one business day, every payment the bus answered as settled (its record of calls under a"
                    + " payment reference) with the statement each payment agency of the routing table gives for that day, and lists"
                    + " every mismatch: MISSING_AT_AGENCY, MISSING_AT_BUS, AMOUNT_DIFFERS, TRANSACTION_DIFFERS, DUPLICATE.",
                    "Exit 0 when the books agree, 1 when any mismatch, 2 when it could not compare."})
    static final class Reconcile extends NodeCommand {
        private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the business day, in the agency's own time zone")
        LocalDate date;

        @Option(names = "--provider", paramLabel = "SYSTEM", description = "only this payment agency (default: every one the routing table has)")
        String provider;

        @Override
        public Integer call() {
            try {
                return reconcileAll();
            } catch (Exception e) {
                // could not compare (a statement not to be had, the record unreadable): not a mismatch
                err().println("govbus: could not reconcile: " + GovBusCli.oneLine(e));
                return 2;
            }
        }

        private int reconcileAll() throws Exception {
            BusConfig config = config();
            ClassLoader cl = GovBusNode.class.getClassLoader();
            ServiceCatalog catalog = ServiceCatalog.discover(cl);
            RoutingTable routing = GovBusNode.routingTableLoader().load(config.routingFile());
            List<Mismatch> mismatches = new ArrayList<>();
            int compared = 0;
            try (LogStore store = LogDatabase.openForReading(config);
                 AgencyConnections agencies = new AgencyConnections(Adapters.discover(cl), config.security().keystore(),
                         config.security().password(), new SimpleMeterRegistry())) {
                KeyedCalls record = KeyedCalls.reader(((JdbcLogStore) store).dataSource());
                for (ProviderRoute p : routing.providers()) {
                    if (provider != null && !provider.equals(p.system().toString())) continue;
                    List<String> keyed = keyedServices(routing, catalog, p);
                    if (keyed.isEmpty()) continue;
                    Optional<Settlements> books = agencies.settlements(p);
                    if (books.isEmpty()) continue;
                    compared++;
                    mismatches.addAll(reconcile(p.system().toString(), record, books.get()));
                }
            }
            if (compared == 0) {
                err().println("no payment agency " + (provider == null ? "in " : provider + " in ") + config.routingFile()
                        + " keeps a statement the bus can reconcile with");
                return 2;
            }
            for (Mismatch m : mismatches) out().printf("%-19s %-36s %s  %s%n", m.kind(), m.reference(), m.provider(), m.detail());
            out().printf("%s: %d mismatch(es)%n", date, mismatches.size());
            return mismatches.isEmpty() ? 0 : 1;
        }

        /** The bus keeps a provider's keys under the provider's own id (a gateway's order id is one across its services). */
        private List<Mismatch> reconcile(String system, KeyedCalls record, Settlements books) {
            List<String> services = List.of(system);
            ZoneId zone = books.businessZone();
            var from = date.atStartOfDay(zone).toInstant();
            var to = date.plusDays(1).atStartOfDay(zone).toInstant();
            // an answer is recorded after the agency settled, sometimes days later (a resend learns an outcome): look a
            // week either side, and keep what the agency settled on its day
            Map<String, Settlements.Settlement> ours = new TreeMap<>();
            for (KeyedCalls.Call c : record.ended(services, from.minus(Duration.ofDays(7)), to.plus(Duration.ofDays(7)))) {
                if (c.answer() == null) continue;
                books.settled(c.answer()).filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).ifPresent(s -> ours.put(s.key(), s));
            }
            Map<String, List<Settlements.Settlement>> theirs = new TreeMap<>();
            for (Settlements.Settlement s : books.statement(date, STATEMENT_TIMEOUT)) theirs.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
            Map<String, KeyedCalls.Call> stillOpen = new LinkedHashMap<>();
            for (KeyedCalls.Call c : record.open(services)) stillOpen.put(c.key(), c);

            List<Mismatch> out = new ArrayList<>();
            TreeSet<String> keys = new TreeSet<>(ours.keySet());
            keys.addAll(theirs.keySet());
            for (String key : keys) {
                Settlements.Settlement mine = ours.get(key);
                List<Settlements.Settlement> charged = theirs.getOrDefault(key, List.of());
                if (charged.size() > 1) {
                    out.add(new Mismatch(system, key, "DUPLICATE", "charged " + charged.size() + " times by the agency: "
                            + charged.stream().map(Settlements.Settlement::transactionId).toList()));
                }
                if (mine == null) {
                    KeyedCalls.Call open = stillOpen.get(key);
                    out.add(new Mismatch(system, key, "MISSING_AT_BUS", "the agency charged " + amount(charged.get(0).amountMinor())
                            + (open != null ? "; the bus has no outcome under this reference yet (the same payment sent again learns it)"
                            : "; the bus answered no such payment")));
                } else if (charged.isEmpty()) {
                    out.add(new Mismatch(system, key, "MISSING_AT_AGENCY", "the bus answered " + amount(mine.amountMinor()) + " paid ("
                            + mine.transactionId() + "), the agency's statement does not have it"));
                } else if (charged.get(0).amountMinor() != mine.amountMinor()) {
                    out.add(new Mismatch(system, key, "AMOUNT_DIFFERS", "the bus " + amount(mine.amountMinor()) + ", the agency "
                            + amount(charged.get(0).amountMinor())));
                } else if (charged.size() == 1 && !charged.get(0).transactionId().equals(mine.transactionId())) {
                    out.add(new Mismatch(system, key, "TRANSACTION_DIFFERS", "the bus " + mine.transactionId() + ", the agency "
                            + charged.get(0).transactionId()));
                }
            }
            long total = ours.values().stream().mapToLong(Settlements.Settlement::amountMinor).sum();
            long theirTotal = theirs.values().stream().flatMap(List::stream).mapToLong(Settlements.Settlement::amountMinor).sum();
            out().printf("%s %s: the bus %d payment(s), %s; the agency %d charge(s), %s%n", system, date, ours.size(), amount(total),
                    theirs.values().stream().mapToInt(List::size).sum(), amount(theirTotal));
            return out;
        }

        /** The services of {@code p} that the catalogue calls once per key: those whose answers are payments. */
        private static List<String> keyedServices(RoutingTable routing, ServiceCatalog catalog, ProviderRoute p) {
            List<String> out = new ArrayList<>();
            for (ServiceRoute s : routing.services()) {
                if (s.provider().equals(p) && catalog.find(s.service()).map(ServiceCatalog.Entry::idempotencyKey).isPresent()) {
                    out.add(s.service().toString());
                }
            }
            return out;
        }

        private static String amount(long tiyn) { return java.math.BigDecimal.valueOf(tiyn, 2).toPlainString() + " KZT"; }
    }
}
