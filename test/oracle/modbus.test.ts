import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/modbus.json (scripts/oracle/make_vectors.py writes it).
vectorTests("modbus.json");
