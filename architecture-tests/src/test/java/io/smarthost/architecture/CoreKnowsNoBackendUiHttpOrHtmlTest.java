package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.CORE;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** plugin-core is the smarthost domain: it knows no mail server, no HTTP and no HTML (DESIGN.md section 2). */
@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreKnowsNoBackendUiHttpOrHtmlTest {

    @ArchTest
    static final ArchRule coreNeverImportsABackend = noClasses()
            .that().resideInAPackage(CORE.packages())
            .should().dependOnClassesThat().resideInAnyPackage(Module.packagesOf(POSTFIX, WINDOWS))
            .as("plugin-core never imports a backend (io.smarthost.postfix.., io.smarthost.windows..)")
            .because("backends plug into the core through the MailBackend SPI, and the core works with any of them");

    @ArchTest
    static final ArchRule coreNeverImportsTheUi = noClasses()
            .that().resideInAPackage(CORE.packages())
            .should().dependOnClassesThat().resideInAPackage(UI.packages())
            .as("plugin-core never imports the UI (io.smarthost.ui..)")
            .because("pages, REST and CLI call the core's service, never the other way round");

    @ArchTest
    static final ArchRule coreNeverImportsJaxRsOrJersey = noClasses()
            .that().resideInAPackage(CORE.packages())
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.glassfish..")
            .as("plugin-core never imports JAX-RS or Jersey (jakarta.ws.rs.., org.glassfish..)")
            .because("HTTP belongs to plugin-ui's REST resources; the core's service is called the same way"
                    + " from pages, REST and the CLI");

    @ArchTest
    static final ArchRule coreNeverImportsFreeMarker = noClasses()
            .that().resideInAPackage(CORE.packages())
            .should().dependOnClassesThat().resideInAPackage("freemarker..")
            .as("plugin-core never imports FreeMarker (freemarker..)")
            .because("HTML is rendered by plugin-ui's pages; the core hands them values, not markup");
}
