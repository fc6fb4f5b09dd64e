package dev.kiln.processor;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.Slices;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No package of the processor or the runtime depends, through others, on itself: the processor's passes
 * read → model → tree → emit stay layered, the runtime's API ({@code dev.kiln}) needs none of the server, and each
 * package can be read without the ones that use it.
 */
class PackageCyclesTest {
    private static ArchRule noCyclesUnder(String root) {
        return slices().assignedFrom(new ExactPackages(root)).should().beFreeOfCycles();
    }

    @Test
    void processorPackagesHaveNoCycles() {
        JavaClasses processor = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln.processor");
        Set<String> packages = new TreeSet<>();
        for (Slice slice : Slices.assignedFrom(new ExactPackages("dev.kiln.processor")).transform(processor)) {
            packages.add(slice.iterator().next().getPackageName());
        }
        // Every package is a slice of its own, so a cycle between any two of them is seen.
        assertTrue(packages.containsAll(Set.of("dev.kiln.processor", "dev.kiln.processor.read", "dev.kiln.processor.model",
                "dev.kiln.processor.tree", "dev.kiln.processor.emit", "dev.kiln.processor.diag")), packages.toString());
        noCyclesUnder("dev.kiln.processor").check(processor);
    }

    @Test
    void runtimePackagesHaveNoCycles() {
        // The runtime jar, and the test client's (kiln-test), which adds classes to dev.kiln.server.
        JavaClasses runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/dev/kiln/processor/"))
                .importPackages("dev.kiln");
        Set<String> packages = new TreeSet<>();
        for (Slice slice : Slices.assignedFrom(new ExactPackages("dev.kiln")).transform(runtime)) {
            packages.add(slice.iterator().next().getPackageName());
        }
        assertEquals(Set.of("dev.kiln", "dev.kiln.annotation", "dev.kiln.bind", "dev.kiln.compression", "dev.kiln.files",
                "dev.kiln.form", "dev.kiln.health", "dev.kiln.json", "dev.kiln.middleware", "dev.kiln.routing",
                "dev.kiln.server", "dev.kiln.sse", "dev.kiln.test"), packages);
        noCyclesUnder("dev.kiln").check(runtime);
    }

    @Test
    void aCycleBetweenTwoPackagesFails() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("fixtures.cycle");
        assertEquals(2, fixtures.size(), "the fixture's classes");
        AssertionError e = assertThrows(AssertionError.class, () -> noCyclesUnder("fixtures.cycle").check(fixtures));
        assertTrue(e.getMessage().contains("fixtures.cycle.a") && e.getMessage().contains("fixtures.cycle.b"), e.getMessage());
    }
}
