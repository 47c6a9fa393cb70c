/**
 * Examples: scenes with filled inputs, shown in a gallery.
 */
package dev.easel.catalog.example;
