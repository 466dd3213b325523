import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/tftp.json (scripts/oracle/catalog/tftp.py).
vectorTests("tftp.json");
