package org.govbus.core.log;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tampering cases on a real PostgreSQL: one server for the class, a new database for each case. */
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
        return LogFixture.open(db.dataSource, db::drop);
    }
}
