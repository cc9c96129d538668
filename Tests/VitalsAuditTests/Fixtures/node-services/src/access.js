const morgan = require("morgan");

// The presets and `:url` log query strings; a format without them does not.
const everything = morgan("combined");
const custom = morgan(":method :url :status");
const safe = morgan(":method :status :response-time ms");
module.exports = { everything, custom, safe };
