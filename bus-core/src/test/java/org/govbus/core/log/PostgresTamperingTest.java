package org.govbus.core.log;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tampering cases on a real PostgreSQL: one server for the class, a new database for each case; the verifier reads
 * the chains in three segments at once, as it does a long chain.
 */
class PostgresTamperingTest extends TamperingTest {
    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() { postgres = TestPostgres.start(); }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) postgres.close();
    }

    @Override
    LogFixture newLog() {
        TestPostgres.Database db = postgres.newDatabase();
        // on PostgreSQL the verifier reads every chain in segments, so the cases cover that path too
        return LogFixture.open(db.dataSource, db::drop).segmented(3);
    }
}
