import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/snmp.json (scripts/oracle/catalog/snmp.py).
vectorTests("snmp.json");
