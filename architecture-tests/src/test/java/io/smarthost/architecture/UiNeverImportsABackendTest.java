package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Strict: no violation is tolerated. (It was frozen while RelayPage and SmarthostCli used plugin-windows'
 * SmarterMailLogin; issue 13 item 2 put backend settings behind the SPI and the store of frozen violations
 * went away.) The compiler says the same first: plugin-ui takes the backends at runtime scope only.
 */
@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class UiNeverImportsABackendTest {

    @ArchTest
    static final ArchRule uiNeverImportsABackend = noClasses()
            .that().resideInAPackage(UI.packages())
            .should().dependOnClassesThat().resideInAnyPackage(Module.packagesOf(POSTFIX, WINDOWS))
            .as("plugin-ui never imports a backend (io.smarthost.postfix.., io.smarthost.windows..)")
            .because("pages, REST and CLI render what the selected backend asks for through the backend SPI"
                    + " in plugin-core, so a backend can be added or left out without touching the UI");
}
