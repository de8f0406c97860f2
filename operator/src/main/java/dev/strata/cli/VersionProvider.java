package dev.strata.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports Strata's version from the jar manifest ("dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {

  /** The version of this build. */
  public static String version() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "strata " + version(),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
