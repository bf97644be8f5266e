package dev.switchboard.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the command tests: a fresh recording {@link FakeArm} and a CLI pointed at it, per test. */
abstract class AgainstFakeArm {
  @TempDir Path tmp;
  FakeArm arm;
  CliHarness cli;

  @BeforeEach
  void startFakeArm() {
    arm = new FakeArm();
    cli = new CliHarness(tmp.resolve("data"), arm.url());
  }

  @AfterEach
  void stopFakeArm() {
    arm.close();
  }
}
