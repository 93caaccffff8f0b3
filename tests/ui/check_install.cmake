# ctest: `cmake --install --component desktop` into a scratch prefix puts the
# executable, .desktop entry, scalable icon and AppStream metainfo where Linux
# desktops look for them, and the metainfo/desktop files validate when the
# validators are installed.
set(prefix "${BUILD_DIR}/install-check")
file(REMOVE_RECURSE "${prefix}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}" --component desktop
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
set(id invalid.example.IntegrationsDesk)
foreach(f bin/integrations-desk
          share/applications/${id}.desktop
          share/icons/hicolor/scalable/apps/${id}.svg
          share/metainfo/${id}.metainfo.xml)
    if(NOT EXISTS "${prefix}/${f}")
        message(FATAL_ERROR "not installed: ${f}")
    endif()
endforeach()
file(READ "${prefix}/share/applications/${id}.desktop" desktop)
foreach(key "Exec=integrations-desk" "Icon=${id}" "Type=Application")
    string(FIND "${desktop}" "${key}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR ".desktop lacks ${key}")
    endif()
endforeach()
find_program(APPSTREAMCLI appstreamcli)
if(APPSTREAMCLI)
    execute_process(COMMAND ${APPSTREAMCLI} validate --no-net "${prefix}/share/metainfo/${id}.metainfo.xml"
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "appstreamcli validate failed")
    endif()
endif()
find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(DESKTOP_FILE_VALIDATE)
    execute_process(COMMAND ${DESKTOP_FILE_VALIDATE} "${prefix}/share/applications/${id}.desktop" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "desktop-file-validate failed")
    endif()
endif()
file(REMOVE_RECURSE "${prefix}")
