// Command camerr explains Tencent Cloud API errors offline.
package main

import (
	"os"

	"github.com/camerr/camerr/cmd"
)

func main() { os.Exit(cmd.Main(os.Args[1:], cmd.System())) }
