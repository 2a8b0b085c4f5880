# LLVM discovery through llvm-config. LLVM headers and libraries are given only to the code
# generator's sources (src/target/llvm), never to the rest of the build: they are heavy.
#
#   USE_LLVM=ON          find llvm-config on PATH (or llvm-config-NN for NN in 18..14)
#   USE_LLVM=/path/to/llvm-config   use that one
set(TVM_LLVM_FOUND OFF)
if(USE_LLVM)
  if(USE_LLVM STREQUAL "ON" OR USE_LLVM STREQUAL "1")
    find_program(LLVM_CONFIG NAMES llvm-config llvm-config-18 llvm-config-17 llvm-config-16
                 llvm-config-15 llvm-config-14)
  else()
    set(LLVM_CONFIG ${USE_LLVM})
  endif()
  if(NOT LLVM_CONFIG)
    message(FATAL_ERROR "USE_LLVM is set but llvm-config was not found (apt-get install llvm-dev)")
  endif()
  execute_process(COMMAND ${LLVM_CONFIG} --version OUTPUT_VARIABLE LLVM_VERSION
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "^[0-9]+" LLVM_VERSION_MAJOR "${LLVM_VERSION}")
  if(LLVM_VERSION_MAJOR LESS 14)
    message(FATAL_ERROR "LLVM ${LLVM_VERSION} is too old: 14 or newer is needed")
  endif()
  execute_process(COMMAND ${LLVM_CONFIG} --includedir OUTPUT_VARIABLE LLVM_INCLUDE_DIR
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${LLVM_CONFIG} --libdir OUTPUT_VARIABLE LLVM_LIB_DIR
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${LLVM_CONFIG} --libs --link-shared OUTPUT_VARIABLE LLVM_LIBS
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  message(STATUS "LLVM ${LLVM_VERSION} from ${LLVM_CONFIG}")
  set(TVM_LLVM_FOUND ON)
endif()

# Add the LLVM code generator sources (if any) to a target, with LLVM's flags on them alone.
function(tvm_add_llvm_codegen target)
  file(GLOB_RECURSE llvm_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/target/llvm/*.cc)
  if(NOT TVM_LLVM_FOUND OR NOT llvm_srcs)
    return()
  endif()
  target_sources(${target} PRIVATE ${llvm_srcs})
  set_source_files_properties(${llvm_srcs} PROPERTIES
    INCLUDE_DIRECTORIES "${LLVM_INCLUDE_DIR}" COMPILE_DEFINITIONS "TVM_LLVM_VERSION=${LLVM_VERSION_MAJOR}")
  separate_arguments(llvm_libs UNIX_COMMAND "${LLVM_LIBS}")
  target_link_directories(${target} PRIVATE ${LLVM_LIB_DIR})
  target_link_libraries(${target} PRIVATE ${llvm_libs})
  target_compile_definitions(${target} PRIVATE TVM_USE_LLVM=1)
endfunction()
