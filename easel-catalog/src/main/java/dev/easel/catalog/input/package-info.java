/**
 * Input types, rules and the validator shared by pipeline inputs and scene form fields.
 */
package dev.easel.catalog.input;
