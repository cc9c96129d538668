package bridge

import (
	"log"
	"log/slog"
)

// The standard logger routed into slog's JSON handler: structured after all.
func Install(handler slog.Handler) { log.SetOutput(slog.NewLogLogger(handler, slog.LevelInfo).Writer()) }
