package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * Frozen: the violations that existed when the rule was written (RelayPage and SmarthostCli use
 * plugin-windows' SmarterMailLogin; issue 13 item 2 removes them) are recorded in
 * {@code architecture-tests/frozen-violations/} and tolerated; any other violation fails. When a recorded
 * one goes away, the next run drops it from the store (commit that change).
 */
@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class UiNeverImportsABackendTest {

    @ArchTest
    static final ArchRule uiNeverImportsABackend = FreezingArchRule.freeze(noClasses()
            .that().resideInAPackage(UI.packages())
            .should().dependOnClassesThat().resideInAnyPackage(Module.packagesOf(POSTFIX, WINDOWS))
            .as("plugin-ui never imports a backend (io.smarthost.postfix.., io.smarthost.windows..)")
            .because("pages, REST and CLI render what the selected backend asks for through the backend SPI"
                    + " in plugin-core, so a backend can be added or left out without touching the UI"));
}
