package dev.kiln.processor;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Slices classes by their exact package under a root, so that {@code dev.kiln.processor} and
 * {@code dev.kiln.processor.read} are two slices (ArchUnit's {@code matching("..(*)..")} would merge a package
 * with its subpackages). Classes outside the root are ignored.
 *
 * <pre>{@code
 * slices().assignedFrom(new ExactPackages("dev.kiln")).should().beFreeOfCycles().check(classes);
 * }</pre>
 */
final class ExactPackages implements SliceAssignment {
    private final String root;

    ExactPackages(String root) {
        this.root = root;
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return pkg.equals(root) || pkg.startsWith(root + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
        return "each package of " + root;
    }
}
