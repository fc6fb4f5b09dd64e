package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.model.Names;
import dev.kiln.routing.Methods;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/**
 * The processor names runtime types by string so that it needs no runtime on its path; this keeps those
 * strings in step with the real classes.
 */
class RuntimeNamesTest {
    @Test
    void annotationNamesResolveToAnnotations() throws ClassNotFoundException {
        for (String name : new String[] {Names.KILN_APPLICATION, Names.CONTROLLER, Names.USE, Names.PATH_PARAM,
                Names.QUERY, Names.HEADER, Names.BODY, Names.BLOCKING}) {
            assertTrue(Class.forName(name).isAnnotation(), name);
        }
        for (String[] route : Names.ROUTE_ANNOTATIONS) {
            Class<?> cls = Class.forName(route[1]);
            assertTrue(cls.isAnnotation(), route[1]);
            assertEquals(route[0].toLowerCase(), cls.getSimpleName().toLowerCase(), "annotation for " + route[0]);
            assertTrue(Methods.bit(route[0]) != Methods.NONE, "Methods has a bit for " + route[0]);
        }
        assertTrue(Class.forName(Names.MIDDLEWARE).isInterface());
    }

    @Test
    void generatedCodeReferencesResolve() throws ClassNotFoundException {
        for (com.palantir.javapoet.ClassName name : new com.palantir.javapoet.ClassName[] {Names.CONTEXT,
                Names.MIDDLEWARE_TYPE, Names.ROUTES, Names.ROUTE_INFO, Names.PATH_MATCH, Names.METHODS, Names.RAW_PATH}) {
            assertEquals(name.canonicalName(), Class.forName(name.canonicalName()).getCanonicalName());
        }
    }

    @Test
    void annotationPackageHoldsEveryAnnotation() throws ClassNotFoundException {
        Class<? extends Annotation> get = Class.forName(Names.ROUTE_ANNOTATIONS[0][1]).asSubclass(Annotation.class);
        assertEquals(Names.ANNOTATION_PACKAGE, get.getPackageName());
    }
}
