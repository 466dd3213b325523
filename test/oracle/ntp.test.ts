import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/ntp.json (scripts/oracle/catalog/ntp.py).
vectorTests("ntp.json");
