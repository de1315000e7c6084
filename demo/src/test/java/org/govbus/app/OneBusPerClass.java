package org.govbus.app;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real bus node for the tests of one class: started before the first test, stopped after the last. */
abstract class OneBusPerClass {
    @TempDir
    static Path dir;
    static BusHarness bus;

    @BeforeAll
    static void startBus() throws Exception { bus = BusHarness.start(dir); }

    @AfterAll
    static void stopBus() throws Exception { bus.close(); }
}
