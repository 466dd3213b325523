import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/pim.json (scripts/oracle/make_vectors.py writes it).
vectorTests("pim.json");
