package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;

/** The other rules name modules by package: this one makes sure a module's classes are all in its package. */
@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class ModulesKeepToTheirOwnPackageTest {

    @ArchTest
    static final ArchRule everyClassLivesInItsModulesRootPackage = classes()
            .that().resideInAPackage("io.smarthost..")
            .should(liveInTheRootPackageOfTheirModule())
            .as("Every class lives under the root package of the module that builds it"
                    + " (panel-api: io.smarthost.panel.api, panel-host: io.smarthost.panel.host,"
                    + " panel-testkit: io.smarthost.panel.testkit, plugin-core: io.smarthost.core,"
                    + " plugin-postfix: io.smarthost.postfix, plugin-windows: io.smarthost.windows, plugin-ui: io.smarthost.ui)")
            .because("the architecture rules name a module by its package, so a class elsewhere would escape them");

    private static ArchCondition<JavaClass> liveInTheRootPackageOfTheirModule() {
        return new ArchCondition<>("live in the root package of their module") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Optional<Module> module = Module.containing(javaClass);
                if (module.isEmpty()) {
                    String where = javaClass.getSource().map(s -> s.getUri().toString()).orElse("an unknown place");
                    events.add(SimpleConditionEvent.violated(javaClass,
                            javaClass.getName() + " was read from " + where + ", which no module of this project builds"));
                    return;
                }
                boolean inItsPackage = module.get().owns(javaClass.getPackageName());
                events.add(new SimpleConditionEvent(javaClass, inItsPackage, javaClass.getName() + " is built by "
                        + module.get().artifactId() + (inItsPackage ? " and lives" : " but does not live")
                        + " under " + module.get().rootPackage()));
            }
        };
    }
}
