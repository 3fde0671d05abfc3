"""The portal's service layer: what JSON routes and pages both do, written once. Routes
and pages are thin adapters over these functions and never call each other."""
