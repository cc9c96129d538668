package legacy

import (
	"log"
	"os"
)

var logger = log.New(os.Stderr, "legacy ", log.LstdFlags)

func Warn(message string) { logger.Println(message) }
