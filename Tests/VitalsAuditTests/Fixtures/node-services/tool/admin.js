const { program } = require("./options");

// Named by package.json's bin: a command-line program, whose output is printed.
console.log("created user", program.opts().email);
