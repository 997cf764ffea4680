package org.ferry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * No lost work, checked input: unsaved mapping edits stop a navigation until the admin chooses, and the preview shows
 * the draft; a connection's settings are tested before they are saved (a wrong secret fails, the field marked by its
 * label); Enter in the key-field picker never submits the connection set form, and the server refuses a key field the
 * entity does not have.
 */
final class NoLostWorkSteps {
    private final Browser browser;

    NoLostWorkSteps(Browser browser) {
        this.browser = browser;
    }

    void unsavedMappingEditsAreGuardedAndPreviewed(String projectName) throws Exception {
        browser.go("#/projects");
        browser.heading("Projects");
        browser.click(browser.await(ExpectedConditions.elementToBeClickable(By.partialLinkText(projectName))));
        browser.heading(projectName);
        browser.waitForText("Mappings of Accounts");
        WebElement nameSource = browser.driver.findElement(By.cssSelector("table.mapping tbody tr:nth-child(2) td:nth-child(3) input"));
        nameSource.clear();
        nameSource.sendKeys("AccountNumber", Keys.ESCAPE);
        browser.waitForText("Unsaved changes");

        browser.click(browser.driver.findElement(By.linkText("Execution history")));
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.xpath("//dialog[@open]//h2[normalize-space()='Leave without saving?']")));
        browser.screenshot("31-unsaved-guard");
        browser.clickInDialog("Stay and keep editing");
        assertTrue(browser.driver.getCurrentUrl().matches(".*#/projects/[^/]+(/tasks)?$"), browser.driver.getCurrentUrl());
        assertEquals("AccountNumber", browser.driver.findElement(
                By.cssSelector("table.mapping tbody tr:nth-child(2) td:nth-child(3) input")).getAttribute("value"), "the edit is still there");

        // the preview runs the draft: Name now comes from the account number
        browser.click("Preview");
        browser.waitForText("Previewing your unsaved changes.");
        WebElement mapped = browser.await(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr.pv-ok:first-child td[data-label='Mapped values']")), Duration.ofSeconds(30));
        assertFalse(mapped.getText().contains("Account 0"), "the saved mapping would give 'Account 0': " + mapped.getText());
        assertTrue(mapped.getText().contains("ACC-0000"), mapped.getText());
        browser.click("Close preview");

        browser.click("Undo changes");
        browser.click(browser.driver.findElement(By.linkText("Execution history")));
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.chart")));
        assertTrue(browser.all("dialog[open]").isEmpty(), "nothing unsaved, nothing asked");
    }

    void aConnectionIsTestedBeforeItIsSaved(String baseUrl, Path sandboxSecretFile) throws Exception {
        browser.go("#/connections/new");
        browser.heading("New connection");
        browser.type(browser.byLabel("Name"), "Sales (not saved)");
        new Select(browser.byLabel("Connector type")).selectByValue("dynamics-sales");
        browser.type(browser.byLabel("Environment URL"), baseUrl + "/sandbox/sales");
        browser.type(browser.byLabel("Token URL"), baseUrl + "/sandbox/login/contoso/oauth2/v2.0/token");
        browser.type(browser.byLabel("Client id"), "ferry-sandbox");
        browser.type(browser.byLabel("Client secret"), "a-wrong-secret");
        browser.click("Test connection");
        WebElement result = browser.await(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'test-result')][contains(., 'Failed')]")), Duration.ofSeconds(20));
        assertTrue(result.getText().contains("Client secret:"), "the field by its label: " + result.getText());
        assertFalse(result.getText().contains("clientSecret"), "not by its key: " + result.getText());
        WebElement marked = browser.await(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field.invalid[data-field='config.clientSecret'] .error")));
        assertFalse(marked.getText().isBlank());
        browser.screenshot("32-test-before-save");

        browser.type(browser.byLabel("Client secret"), Files.readString(sandboxSecretFile).trim());
        browser.click("Test connection");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".test-result"), "OK"), Duration.ofSeconds(20));
        assertTrue(browser.driver.findElement(By.cssSelector(".test-result")).getText().contains("settings not saved yet"));

        // nothing was saved, and leaving asks first
        browser.go("#/connections");
        browser.clickInDialog("Leave and discard");
        browser.heading("Connections");
        assertFalse(browser.driver.findElement(By.tagName("main")).getText().contains("Sales (not saved)"));
    }

    void enterInAPickerNeverSubmits() throws Exception {
        browser.go("#/connection-sets/new");
        browser.heading("New connection set");
        browser.type(browser.byLabel("Name"), "Enter stays");
        new Select(browser.byAria("Connection for role source")).selectByVisibleText("Drop folder (csv-files)");
        new Select(browser.byAria("Connection for role cds")).selectByVisibleText("Hub (cds)");
        browser.click("Add integration key");
        new Select(browser.all(".key-row select").get(0)).selectByValue("cds");
        browser.byAria("Entity").sendKeys("Account", Keys.TAB);
        WebElement keyFields = browser.await(ExpectedConditions.elementToBeClickable(By.cssSelector(".key-row .picker-input")));
        browser.click(keyFields);
        keyFields.sendKeys("AccountI");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.xpath("//li[@role='option'][starts-with(normalize-space(), 'AccountId')]")));
        keyFields.sendKeys(Keys.ENTER);
        keyFields.sendKeys(Keys.ENTER);
        browser.await(d -> d.findElements(By.xpath("//li[@role='option']")).stream().noneMatch(WebElement::isDisplayed) ? true : null);
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/connection-sets/new"), browser.driver.getCurrentUrl());
        assertFalse(browser.driver.findElement(By.cssSelector("form .form-alert")).isDisplayed(), "no submission, so no answer");
        assertEquals("AccountI", keyFields.getAttribute("value"), "Enter with nothing highlighted leaves the text as typed");

        // submitted on purpose: the hub has no field AccountI, and says which it has
        browser.click("Create connection set");
        WebElement error = browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".key-row.invalid .error")));
        assertTrue(error.getText().contains("'AccountI' is not a field of Account") && error.getText().contains("AccountId"), error.getText());
        browser.screenshot("33-enter-stays-key-refused");
        browser.go("#/connection-sets");
        browser.clickInDialog("Leave and discard");
        browser.heading("Connection sets");
        assertFalse(browser.driver.findElement(By.tagName("main")).getText().contains("Enter stays"));
    }
}
