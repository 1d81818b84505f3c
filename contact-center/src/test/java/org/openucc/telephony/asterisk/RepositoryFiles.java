package org.openucc.telephony.asterisk;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository found from the test's working directory (the module, or the repository root). */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    static Path find(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("cannot find " + relative + " from " + Path.of("").toAbsolutePath()
                + " or its parents (run the tests from the repository or its contact-center module)");
    }
}
