#!/usr/bin/env node
// Run by hand: a shebang makes a script.
console.log("seeded 40 products");
