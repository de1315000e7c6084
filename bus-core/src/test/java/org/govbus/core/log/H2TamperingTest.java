package org.govbus.core.log;

/** The tampering cases on H2, in memory. */
class H2TamperingTest extends TamperingTest {
    @Override
    LogFixture newLog() { return LogFixture.h2(); }
}
