/**
 * Reading a catalog folder: YAML parsing, validation with file and path in every error, cross-reference checks and the folder watcher.
 */
package dev.easel.catalog.load;
