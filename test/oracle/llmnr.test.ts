import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/llmnr.json (scripts/oracle/make_vectors.py writes it).
vectorTests("llmnr.json");
