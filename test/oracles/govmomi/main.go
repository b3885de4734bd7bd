// ovfcount: parses OVF descriptors with govmomi's ovf package (the parser behind govc and the
// vSphere Go tooling) and prints, per file, what it found as one JSON line. The tests compare
// these counts with our own model of the descriptors we write.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/vmware/govmomi/ovf"
)

type counts struct {
	File              string   `json:"file"`
	Error             string   `json:"error,omitempty"`
	VirtualSystems    int      `json:"virtualSystems"`
	Files             int      `json:"files"`
	Disks             int      `json:"disks"`
	Networks          int      `json:"networks"`
	Properties        int      `json:"properties"`
	DeploymentOptions int      `json:"deploymentOptions"`
	Items             int      `json:"items"`
	SystemTypes       []string `json:"systemTypes"`
	OsType            string   `json:"osType,omitempty"`
	Product           string   `json:"product,omitempty"`
}

func count(path string) counts {
	c := counts{File: path, SystemTypes: []string{}}
	f, err := os.Open(path)
	if err != nil {
		c.Error = err.Error()
		return c
	}
	defer f.Close()
	e, err := ovf.Unmarshal(f)
	if err != nil {
		c.Error = err.Error()
		return c
	}
	c.Files = len(e.References)
	if e.Disk != nil {
		c.Disks = len(e.Disk.Disks)
	}
	if e.Network != nil {
		c.Networks = len(e.Network.Networks)
	}
	if e.DeploymentOption != nil {
		c.DeploymentOptions = len(e.DeploymentOption.Configuration)
	}
	if vs := e.VirtualSystem; vs != nil {
		c.VirtualSystems = 1
		for _, p := range vs.Product {
			c.Properties += len(p.Property)
			if p.Product != "" {
				c.Product = p.Product
			}
		}
		for _, os := range vs.OperatingSystem {
			if os.OSType != nil {
				c.OsType = *os.OSType
			}
		}
		for _, hw := range vs.VirtualHardware {
			c.Items += len(hw.Item)
			if hw.System != nil && hw.System.VirtualSystemType != nil {
				c.SystemTypes = append(c.SystemTypes, *hw.System.VirtualSystemType)
			}
		}
	}
	return c
}

func main() {
	out := json.NewEncoder(os.Stdout)
	for _, path := range os.Args[1:] {
		if err := out.Encode(count(path)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
