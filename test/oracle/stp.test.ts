import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/stp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("stp.json");
